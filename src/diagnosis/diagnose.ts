/**
 * (config, probe run) → Diagnosis: static rules, then each target's root cause with its symptoms
 * folded in, then measured-vs-config rules, then merge and rank. Pure: no I/O, so tests feed it
 * literal probe results and the CLI feeds it a real run.
 */
import type { GatewayConfig, SourceLocation } from '../model/index.js';
import type { TargetRun } from '../probes/run.js';
import type { ProbeResult } from '../probes/types.js';
import type { Candidate } from './candidate.js';
import { foldGroups } from './candidate.js';
import { foldTarget } from './fold.js';
import { rank } from './rank.js';
import { MEASURED_RULES, STATIC_RULES } from './rules/index.js';
import type { CheckRecord, Diagnosis, GroupReport, GroupVerdict, TargetReport } from './types.js';
import { groupVerdict, overallVerdict, targetHealth } from './verdict.js';

export interface DiagnoseOptions {
  /** Only this group (`--group`): other groups' findings are left out. */
  readonly group?: string;
  /** True when no probe ran (`--offline`, `uh lint`). */
  readonly offline: boolean;
}

export function diagnose(config: GatewayConfig, runs: readonly TargetRun[], options: DiagnoseOptions): Diagnosis {
  const groups = config.groups.filter((g) => options.group === undefined || g.name === options.group);
  const reports: GroupReport[] = groups.map((group) => {
    const mine = runs.filter((r) => r.group === group);
    return {
      name: group.name,
      verdict: groupVerdict(group, mine),
      targets: group.targets.map((t) => targetReport(t.address, mine.filter((r) => r.target === t))),
      loc: group.loc,
    };
  });
  const candidates: Candidate[] = foldGroups([
    ...STATIC_RULES.flatMap((rule) => rule(config)),
    ...runs.flatMap(foldTarget),
    ...MEASURED_RULES.flatMap((rule) => rule(runs, config)),
  ]).filter((c) => options.group === undefined || c.group === options.group || c.group === '');
  const verdicts = new Map<string, GroupVerdict>(reports.map((r) => [r.name, r.verdict]));
  const groupLocs = new Map<string, SourceLocation>(groups.map((g) => [g.name, g.loc]));
  const findings = rank(candidates, { verdicts, ignore: config.ignore, groupLocs });
  const undefinedRoute = findings.some((f) => f.cause === 'config-upstream-undefined' && !f.ignored);
  return {
    config: { path: config.source.path, format: config.source.format },
    verdict: overallVerdict(reports.map((r) => r.verdict), undefinedRoute),
    groups: reports,
    findings,
    offline: options.offline,
  };
}

/** One target's checks: one run, or one per way the gateway speaks to it (each check names its way). */
function targetReport(address: string, runs: readonly TargetRun[]): TargetReport {
  if (runs.length === 0) return { address, healthy: false, checks: [], results: [] };
  const checks = runs.flatMap(runChecks);
  const results = runs.flatMap((run) => [run.dns, ...run.paths.flatMap((p) => p.results)]);
  return { address, healthy: runs.every((run) => targetHealth(run).healthy), checks, results };
}

function runChecks(run: TargetRun): CheckRecord[] {
  const many = run.paths.length > 1;
  return [
    check(run.dns, undefined, run.way),
    ...run.paths.flatMap((p) => p.results.map((r) => check(r, many ? p.ip : undefined, run.way))),
  ];
}

function check(result: ProbeResult, ip: string | undefined, way: string | undefined): CheckRecord {
  const where = [way === undefined ? undefined : `via ${way}`, ip].filter((x) => x !== undefined);
  return {
    probe: result.probe,
    outcome: result.outcome,
    ms: Math.round(result.ms * 10) / 10,
    message: where.length > 0 ? `[${where.join(', ')}] ${result.message}` : result.message,
  };
}
