import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CauseId, Severity } from '../causes/catalog.js';
import { CAUSE_IDS, cause } from '../causes/catalog.js';
import type { Diagnosis, Finding } from '../diagnosis/types.js';
import type { SourceLocation } from '../model/location.js';
import { readRunbook } from '../runbooks/read.js';
import type { Reporter } from './types.js';
import { findingWhere, orderedFindings } from './finding-order.js';

/**
 * `--format sarif`: SARIF 2.1.0 (OASIS), the format code-scanning UIs (GitHub code scanning,
 * GitLab, Azure DevOps) ingest. One rule per cause id that occurs, in catalog order, whose `help`
 * is the cause's runbook; each finding is a result located at the config line, with a
 * `partialFingerprints` entry so re-uploads of the same finding de-duplicate (SARIF §3.27.17).
 */
export const sarifReporter: Reporter = (diagnosis, options) => {
  const findings = orderedFindings(diagnosis.findings);
  const used = new Set(findings.map((f) => f.cause));
  const ruleIds = CAUSE_IDS.filter((id) => used.has(id));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'uh',
            fullName: 'uh (upstream health)',
            version: options.version,
            semanticVersion: options.version,
            rules: ruleIds.map(rule),
          },
        },
        automationDetails: { id: `uh/diagnose/${diagnosis.config.path}/` },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => result(f, ruleIds.indexOf(f.cause), diagnosis)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

/** SARIF levels (§3.58.6): critical → error, warning → warning, info → note. */
export const SARIF_LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  critical: 'error',
  warning: 'warning',
  info: 'note',
};

/** The `problem.severity` rule property GitHub code scanning reads to rank non-security alerts. */
const PROBLEM_SEVERITY: Readonly<Record<Severity, string>> = { critical: 'error', warning: 'warning', info: 'recommendation' };

function rule(id: CauseId): Record<string, unknown> {
  const c = cause(id);
  const runbook = readRunbook(id) ?? `${c.title}\n\n${c.remediation}`;
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: c.title },
    fullDescription: { text: c.remediation },
    help: { text: runbook, markdown: runbook },
    defaultConfiguration: { level: SARIF_LEVEL[c.severity] },
    properties: { tags: ['uh', c.layer], 'problem.severity': PROBLEM_SEVERITY[c.severity], runbook: c.runbook },
  };
}

function result(f: Finding, ruleIndex: number, diagnosis: Diagnosis): Record<string, unknown> {
  const loc: SourceLocation = f.loc ?? { file: diagnosis.config.path, line: 1, column: 0 };
  const region: Record<string, number> = { startLine: Math.max(1, loc.line) };
  if (loc.column > 0) region.startColumn = loc.column;
  return {
    ruleId: f.cause,
    ruleIndex,
    level: SARIF_LEVEL[f.severity],
    message: { text: message(f) },
    locations: [{ physicalLocation: { artifactLocation: { uri: toUri(loc.file) }, region } }],
    partialFingerprints: { 'uhFinding/v1': fingerprint(f) },
    ...(f.ignored ? { suppressions: [{ kind: 'inSource', justification: 'accepted by `ignore:` in the config' }] } : {}),
    properties: { rank: f.rank, confidence: f.confidence, group: f.group, targets: [...f.targets], evidence: [...f.evidence] },
  };
}

/** One plain-text paragraph: what, where, the first evidence lines, the fix. */
function message(f: Finding): string {
  const evidence = f.evidence.slice(0, 3).map((e) => e.replace(/\r?\n/g, ' '));
  return [`${cause(f.cause).title} (${findingWhere(f)}).`, ...evidence.map((e) => `${e}.`), `Fix: ${f.remediation}`]
    .join(' ')
    .replace(/\.\./g, '.');
}

/**
 * Stable across runs and across line moves: the cause, the group and the targets (not the
 * evidence, whose numbers change every run, nor the line, which edits shift).
 */
export function fingerprint(f: Finding): string {
  const key = [f.cause, f.group, ...[...f.targets].sort()].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/** SARIF `uri` (§3.4.3): relative paths as URI references with `/`, absolute ones as file: URLs. */
export function toUri(path: string): string {
  if (isAbsolute(path)) return pathToFileURL(path).href;
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function pascalCase(id: string): string {
  return id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
