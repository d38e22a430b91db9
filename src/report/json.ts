/**
 * `--format json`: CONTRACT §2, schemaVersion 1. Pipelines parse this, so keys are only ever added
 * (here: `location`, `ignored` on findings and `offline` at the top), never renamed. Raw probe
 * facts are not serialised: they are per-probe shapes, not a contract.
 */
import type { Diagnosis, Finding } from '../diagnosis/types.js';
import { formatLine } from '../model/index.js';
import type { Reporter } from './types.js';

export const SCHEMA_VERSION = 1;

export const jsonReporter: Reporter = (diagnosis, options) => `${JSON.stringify(toJson(diagnosis, options.version), null, 2)}\n`;

/** The report as a plain object, in the contract's key order. */
export function toJson(diagnosis: Diagnosis, version: string): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'uh', version },
    config: { path: diagnosis.config.path, format: diagnosis.config.format },
    verdict: diagnosis.verdict,
    offline: diagnosis.offline,
    ...(diagnosis.deadlineHit ? { deadlineHit: true } : {}),
    groups: diagnosis.groups.map((group) => ({
      name: group.name,
      verdict: group.verdict,
      targets: group.targets.map((target) => ({
        address: target.address,
        healthy: target.healthy,
        checks: target.checks.map((c) => ({ probe: c.probe, outcome: c.outcome, ms: c.ms, message: c.message })),
      })),
    })),
    findings: diagnosis.findings.map(findingJson),
  };
}

function findingJson(f: Finding): Record<string, unknown> {
  return {
    rank: f.rank,
    cause: f.cause,
    layer: f.layer,
    severity: f.severity,
    confidence: Math.round(f.confidence * 100) / 100,
    group: f.group,
    targets: f.targets,
    evidence: f.evidence,
    remediation: f.remediation,
    runbook: f.runbook,
    ...(f.loc ? { location: formatLine(f.loc) } : {}),
    ...(f.ignored ? { ignored: true } : {}),
  };
}
