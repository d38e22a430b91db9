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
import type { GatewayViews } from '../gateway-view/types.js';
import { NO_GATEWAY_VIEWS } from '../gateway-view/types.js';
import { annotate, judgeGatewayViews } from './gateway/judge.js';
import type { GatewayJudgement } from './gateway/judge.js';
import { gatewaySummary, groupGatewayReport, targetGatewayReport } from './gateway/report.js';
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

/**
 * `views` is the running gateway's own view (`--admin`, `--gateway-log`, `--through`), held against
 * the probe runs; without it the diagnosis is the config and the probes alone.
 */
export function diagnose(config: GatewayConfig, runs: readonly TargetRun[], options: DiagnoseOptions, views: GatewayViews = NO_GATEWAY_VIEWS): Diagnosis {
  const groups = config.groups.filter((g) => options.group === undefined || g.name === options.group);
  const judged: GatewayJudgement = judgeGatewayViews(groups, runs, views);
  const reports: GroupReport[] = groups.map((group) => {
    const mine = runs.filter((r) => r.group === group);
    const gateway = groupGatewayReport(judged.byGroup.get(group.name));
    return {
      name: group.name,
      // The running gateway holding no member at all is no healthy upstream, whatever the config lists.
      verdict: gateway?.members === 0 ? 'no-healthy-upstream' : groupVerdict(group, mine),
      targets: group.targets.map((t) => {
        const report = targetReport(t.address, mine.filter((r) => r.target === t));
        const seen = targetGatewayReport(judged.byTarget.get(t));
        return { ...report, ...(t.discovered ? { discovered: t.discovered } : {}), ...(seen ? { gateway: seen } : {}) };
      }),
      loc: group.loc,
      ...(gateway ? { gateway } : {}),
    };
  });
  const candidates: Candidate[] = foldGroups([
    ...STATIC_RULES.flatMap((rule) => rule(config)),
    ...annotate(runs.flatMap(foldTarget), judged.annotations),
    ...MEASURED_RULES.flatMap((rule) => rule(runs, config)),
    ...judged.candidates,
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
    ...(views.views.length > 0 || views.through.length > 0 ? { gateway: gatewaySummary(views) } : {}),
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
