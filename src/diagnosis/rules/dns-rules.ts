/**
 * DNS-layer inference across targets: the same name answered differently for different targets
 * (round-robin DNS, split views, a stale cache) means the gateway's view may not be uh's.
 */
import type { TargetRun } from '../../probes/run.js';
import { measured } from '../candidate.js';
import type { MeasuredRule } from './types.js';

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
  return [...byHost].filter(([, list]) => new Set(list.map((l) => l.set)).size > 1).map(([host, list]) => measured('dns-inconsistent', {
    group: list[0]!.run.group.name, targets: list.map((l) => l.run.target.address), severity: 'warning', confidence: 0.7,
    evidence: [`${host} resolved differently across targets: ${[...new Set(list.map((l) => l.set))].map((s) => `[${s}]`).join(' vs ')}`],
    loc: list[0]!.run.target.loc,
  }));
};

export const DNS_RULES: readonly MeasuredRule[] = [inconsistentAcrossTargets];
