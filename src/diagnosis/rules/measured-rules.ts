/**
 * Rules that compare what was measured with the config or with peers: a proxy timeout shorter
 * than the measured answer time, a target far slower than the rest of its group (a sign of
 * overload), and one host name resolved differently for different targets.
 */
import type { TargetRun } from '../../probes/run.js';
import type { Candidate } from '../candidate.js';
import { candidate } from '../candidate.js';
import { formatMs, median, targetLatencyMs } from '../latency.js';

export type MeasuredRule = (runs: readonly TargetRun[]) => Candidate[];

/** "Far above its peers": at least this many times the peers' median, and this many ms more. */
const SLOW_FACTOR = 5;
const SLOW_MARGIN_MS = 200;

/** nginx `proxy_read_timeout` / Envoy route `timeout` below the measured answer time: requests time out (504). */
export const proxyTimeoutBelowLatency: MeasuredRule = (runs) => runs.flatMap((run) => {
  const { readMs, requestMs } = run.group.timeouts;
  const limit = readMs ?? requestMs;
  const latency = targetLatencyMs(run);
  if (limit === undefined || latency === undefined || latency <= limit) return [];
  const name = readMs !== undefined ? 'read timeout' : 'request timeout';
  return [candidate('config-proxy-timeout-below-latency', {
    group: run.group.name, targets: [run.target.address], confidence: 0.8,
    evidence: [`${run.target.address} answered in ${formatMs(latency)}; the gateway's ${name} is ${formatMs(limit)}`],
    loc: run.target.loc,
  })];
});

/** A target much slower than its peers is likely saturated (queueing, GC, exhausted pools). */
export const slowerThanPeers: MeasuredRule = (runs) => {
  const byGroup = new Map<TargetRun['group'], TargetRun[]>();
  for (const run of runs) byGroup.set(run.group, [...(byGroup.get(run.group) ?? []), run]);
  const out: Candidate[] = [];
  for (const [group, members] of byGroup) {
    const measured = members.map((run) => ({ run, ms: targetLatencyMs(run) })).filter((m): m is { run: TargetRun; ms: number } => m.ms !== undefined);
    if (measured.length < 2) continue;
    for (const { run, ms } of measured) {
      const peers = median(measured.filter((m) => m.run !== run).map((m) => m.ms));
      if (ms < peers * SLOW_FACTOR || ms - peers < SLOW_MARGIN_MS) continue;
      out.push(candidate('upstream-overloaded', {
        group: group.name, targets: [run.target.address], severity: 'warning', confidence: 0.6,
        evidence: [`${run.target.address} answered in ${formatMs(ms)}; its peers' median is ${formatMs(peers)}`],
        loc: run.target.loc,
      }));
    }
  }
  return out;
};

/** The same name resolved to different address sets for different targets (round-robin DNS or split views). */
export const inconsistentAcrossTargets: MeasuredRule = (runs) => {
  const byHost = new Map<string, { run: TargetRun; set: string }[]>();
  for (const run of runs) {
    const ips = run.paths.map((p) => p.ip).filter((ip): ip is string => ip !== undefined);
    if (run.dns.outcome === 'skip' || ips.length === 0) continue;
    const list = byHost.get(run.target.host) ?? [];
    list.push({ run, set: [...ips].sort().join(', ') });
    byHost.set(run.target.host, list);
  }
  return [...byHost].filter(([, list]) => new Set(list.map((l) => l.set)).size > 1).map(([host, list]) => candidate('dns-inconsistent', {
    group: list[0]!.run.group.name, targets: list.map((l) => l.run.target.address), severity: 'warning', confidence: 0.7,
    evidence: [`${host} resolved differently across targets: ${[...new Set(list.map((l) => l.set))].map((s) => `[${s}]`).join(' vs ')}`],
    loc: list[0]!.run.target.loc,
  }));
};

export const MEASURED_RULES: readonly MeasuredRule[] = [proxyTimeoutBelowLatency, slowerThanPeers, inconsistentAcrossTargets];
