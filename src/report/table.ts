/**
 * The terminal report: a ranked table (rank, cause, where, evidence, remediation), then one verdict
 * line per group and overall, then where to read more (`uh explain <id>`). Colour only when
 * `options.color` (a TTY without NO_COLOR / --no-color), so pipes and goldens get plain text.
 */
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import path from 'node:path';
import type { Severity } from '../causes/catalog.js';
import { cause } from '../causes/catalog.js';
import type { Diagnosis, Finding } from '../diagnosis/types.js';
import { formatLine } from '../model/index.js';
import type { Reporter } from './types.js';
import type { VerdictLine } from './verdict-lines.js';
import { verdictLines } from './verdict-lines.js';

/** Width used when the output is not a terminal: stable for goldens and CI logs. */
const DEFAULT_WIDTH = 120;
/** Targets named in the "where" cell before "+N more". */
const MAX_TARGETS_SHOWN = 3;

export const tableReporter: Reporter = (diagnosis, options) => {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  // Accepted risks (uh `ignore:`) take one line, not a row each; the json report lists them in full.
  const active = diagnosis.findings.filter((f) => !f.ignored);
  const ignored = diagnosis.findings.filter((f) => f.ignored);
  if (active.length === 0) out.push(paint.green('No findings: every probed target passed and the config has no known risk.'));
  else out.push(findingsTable(active, options.width ?? DEFAULT_WIDTH, paint, diagnosis.config.path));
  if (ignored.length > 0) out.push(paint.dim(`Ignored by config (accepted risks): ${ignoredSummary(ignored)}`));
  out.push('');
  for (const line of verdictLines(diagnosis)) out.push(colourVerdict(line, paint));
  const top = active[0];
  if (top) out.push('', `Next: \`uh explain ${top.cause}\` (${top.runbook}) — how to confirm it by hand, fix it, prevent it.`);
  return `${out.join('\n')}\n`;
};

function findingsTable(findings: readonly Finding[], width: number, paint: ChalkInstance, configPath: string): string {
  const wheres = findings.map((f) => whereLines(f, configPath));
  const colWidths = columnWidths(findings, wheres, width);
  const table = new Table({
    head: ['#', 'cause', 'where', 'evidence', 'remediation'],
    colWidths,
    wordWrap: true,
    style: { head: [], border: [] },
  });
  findings.forEach((f, i) => {
    table.push([
      String(f.rank),
      { content: `${severityMark(f.severity, paint)}\n${paint.bold(f.cause)}\n${cause(f.cause).title}${f.ignored ? '\n(ignored by config)' : ''}` },
      // Addresses and paths have no spaces: let them break anywhere rather than be cut off.
      { content: wheres[i]!.join('\n'), wrapOnWordBoundary: false },
      breakLongWords(f.evidence.join('\n'), colWidths[3]! - 2),
      f.remediation,
    ]);
  });
  return table.toString();
}

/** cli-table3 cuts a word longer than the column (a URL, an address); split such words so nothing is lost. */
function breakLongWords(text: string, width: number): string {
  return text.split('\n').map((line) => line.split(' ').map((word) => {
    if (word.length <= width) return word;
    const parts: string[] = [];
    for (let i = 0; i < word.length; i += width) parts.push(word.slice(i, i + width));
    return parts.join(' ');
  }).join(' ')).join('\n');
}

/** `config-single-member (orders, cart)` for each ignored cause. */
function ignoredSummary(findings: readonly Finding[]): string {
  const byCause = new Map<string, string[]>();
  for (const f of findings) byCause.set(f.cause, [...(byCause.get(f.cause) ?? []), f.group || 'whole config']);
  return [...byCause].map(([id, groups]) => `${id} (${groups.join(', ')})`).join('; ');
}

/** Cause and where sized to their content (a cause id is never cut), the rest shared by evidence and remediation. */
function columnWidths(findings: readonly Finding[], wheres: readonly string[][], width: number): number[] {
  const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, n));
  const causeWidth = clamp(Math.max(...findings.map((f) => f.cause.length)) + 2, 14, 42);
  const whereWidth = clamp(Math.max(...wheres.flat().map((l) => l.length)) + 2, 14, 34);
  // Five columns have six border characters.
  const rest = Math.max(44, width - 6 - 4 - causeWidth - whereWidth);
  const evidence = Math.round(rest * 0.55);
  return [4, causeWidth, whereWidth, evidence, rest - evidence];
}

/** Group, up to three targets each on its own line, then file:line (relative to the main config). */
function whereLines(f: Finding, configPath: string): string[] {
  const lines = [f.group === '' ? '(config)' : f.targets.length > 0 ? `${f.group} →` : f.group];
  lines.push(...f.targets.slice(0, MAX_TARGETS_SHOWN));
  if (f.targets.length > MAX_TARGETS_SHOWN) lines.push(`+${f.targets.length - MAX_TARGETS_SHOWN} more`);
  if (f.loc) lines.push(formatLine({ ...f.loc, file: shortPath(f.loc.file, configPath) }));
  return lines;
}

/** `conf.d/users.conf` rather than a long absolute path, when the file sits near the main config. */
function shortPath(file: string, configPath: string): string {
  const relative = path.relative(path.dirname(configPath), file);
  return relative.startsWith('../../') || path.isAbsolute(relative) ? file : relative;
}

function severityMark(severity: Severity, paint: ChalkInstance): string {
  if (severity === 'critical') return paint.red('CRIT');
  if (severity === 'warning') return paint.yellow('WARN');
  return paint.blue('INFO');
}

function colourVerdict(line: VerdictLine, paint: ChalkInstance): string {
  if (line.verdict === 'no-healthy-upstream') return paint.red(line.text);
  if (line.verdict === 'degraded') return paint.yellow(line.text);
  if (line.verdict === 'healthy') return paint.green(line.text);
  return line.text;
}

/** For tests and callers wanting the same text without colour. */
export function renderTable(diagnosis: Diagnosis, width = DEFAULT_WIDTH): string {
  return tableReporter(diagnosis, { color: false, version: '', width });
}
