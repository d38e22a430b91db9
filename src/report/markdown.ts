import { cause } from '../causes/catalog.js';
import type { Diagnosis, Finding, GroupReport } from '../diagnosis/types.js';
import { formatLine } from '../model/location.js';
import type { Reporter } from './types.js';
import { findingWhere, orderedFindings } from './finding-order.js';
import { gatewayLines } from './gateway-lines.js';

/**
 * `--format markdown`: a report for PR comments and CI job summaries (GitHub `$GITHUB_STEP_SUMMARY`,
 * GitLab MR notes). GitHub-flavoured Markdown: a verdict line, a findings table, then collapsible
 * details. Cells are escaped so evidence cannot break the table or inject HTML.
 */
export const markdownReporter: Reporter = (diagnosis) => {
  const findings = orderedFindings(diagnosis.findings);
  const lines = [
    `## uh: ${VERDICT_TEXT[diagnosis.verdict]}`,
    '',
    verdictLine(diagnosis, findings),
    '',
    ...groupTable(diagnosis.groups),
    ...findingsTable(findings),
    ...gatewaySection(diagnosis),
    ...details(findings),
  ];
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
};

const VERDICT_TEXT: Readonly<Record<Diagnosis['verdict'], string>> = {
  healthy: '✅ healthy',
  degraded: '⚠️ degraded',
  'no-healthy-upstream': '❌ no healthy upstream',
};

function verdictLine(diagnosis: Diagnosis, findings: readonly Finding[]): string {
  const count = (severity: Finding['severity']): number =>
    findings.filter((f) => f.severity === severity && !f.ignored).length;
  const ignored = findings.filter((f) => f.ignored).length;
  const parts = [`${count('critical')} critical`, `${count('warning')} warning`, `${count('info')} info`];
  if (ignored > 0) parts.push(`${ignored} accepted by \`ignore:\``);
  const mode = diagnosis.offline ? ' (offline: static checks only)' : '';
  return `**${inlineCode(diagnosis.config.path)}** (${diagnosis.config.format})${mode}: ${plural(findings.length, 'finding')} — ${parts.join(', ')}.`;
}

/** Which gateway source said what (and which could not be read). */
function gatewaySection(diagnosis: Diagnosis): string[] {
  const lines = gatewayLines(diagnosis);
  if (lines.length === 0) return [];
  return ['### The gateway\'s own view', '', ...lines.map((l) => `- ${cell(l)}`), ''];
}

function groupTable(groups: readonly GroupReport[]): string[] {
  if (groups.length === 0) return [];
  const rows = groups.map((g) => {
    const healthy = g.targets.filter((t) => t.healthy).length;
    const probed = g.targets.some((t) => t.checks.length > 0);
    const count = probed ? `${healthy}/${g.targets.length}` : `not probed (${plural(g.targets.length, 'target')})`;
    const where = g.loc ? inlineCode(formatLine(g.loc)) : '';
    return `| ${cell(g.name)} | ${g.verdict} | ${count} | ${where} |`;
  });
  return ['| Group | Verdict | Healthy targets | Defined at |', '|---|---|---|---|', ...rows, ''];
}

function findingsTable(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return ['No findings.', ''];
  const rows = findings.map((f) => {
    const where = cell(findingWhere(f)) + (f.loc ? ` (${inlineCode(formatLine(f.loc))})` : '');
    const severity = f.ignored ? `${f.severity} (ignored)` : f.severity;
    return `| ${f.rank} | ${severity} | ${inlineCode(f.cause)} ${cell(cause(f.cause).title)} | ${where} | ${cell(f.evidence[0] ?? '')} |`;
  });
  return ['### Findings', '', '| # | Severity | Cause | Where | Evidence |', '|---|---|---|---|---|', ...rows, ''];
}

function details(findings: readonly Finding[]): string[] {
  return findings.flatMap((f) => [
    '<details>',
    `<summary>${f.rank}. ${html(f.cause)}: ${html(cause(f.cause).title)}</summary>`,
    '',
    ...f.evidence.map((line) => `- ${html(line).replace(/\r?\n/g, ' ⏎ ')}`),
    '',
    `**Fix:** ${html(f.remediation)}`,
    '',
    `Runbook: \`uh explain ${f.cause}\` (${f.runbook})`,
    '</details>',
    '',
  ]);
}

/** Text inside a table cell: no raw pipes, newlines or HTML. */
function cell(text: string): string {
  return html(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ⏎ ');
}

/** `text` as inline code; backticks inside are replaced so the span cannot end early. */
function inlineCode(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
