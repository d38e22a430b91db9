/**
 * `--format json`: CONTRACT §2, schemaVersion 1. Pipelines parse this, so keys are only ever added
 * (here: `location`, `ignored` on findings, `offline` at the top, and the `gateway` keys of §6), never renamed. Raw probe
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
        ...(target.discovered ? { discovered: target.discovered } : {}),
        ...(target.gateway ? { gateway: target.gateway } : {}),
      })),
      ...(group.gateway ? { gateway: group.gateway } : {}),
    })),
    findings: diagnosis.findings.map(findingJson),
    ...(diagnosis.gateway ? { gateway: gatewayJson(diagnosis.gateway) } : {}),
  };
}

/** CONTRACT §6: `sources` (each read or skipped with the reason) and `through` (route, status, answer). */
function gatewayJson(gateway: NonNullable<Diagnosis['gateway']>): Record<string, unknown> {
  return {
    sources: gateway.sources,
    through: gateway.through.map((t) => ({
      route: t.route, ...(t.group !== undefined ? { group: t.group } : {}), url: t.url,
      ...(t.status !== undefined ? { status: t.status } : {}), answer: t.answer, ...(t.by ? { by: t.by } : {}), failed: t.failed, ms: t.ms,
    })),
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
