/**
 * Service-layer inference from measurements: a target far slower than the rest of its group is
 * likely saturated (queueing, GC pauses, exhausted pools) even when its checks still pass.
 */
import type { TargetRun } from '../../probes/run.js';
import type { Candidate } from '../candidate.js';
import { measured } from '../candidate.js';
import { formatMs, median, targetLatencyMs } from '../latency.js';
import type { MeasuredRule } from './types.js';

/** "Far above its peers": at least this many times the peers' median, and this many ms more. */
const SLOW_FACTOR = 5;
const SLOW_MARGIN_MS = 200;

/** A target much slower than its peers is likely saturated (queueing, GC, exhausted pools). */
export const slowerThanPeers: MeasuredRule = (runs) => {
  const byGroup = new Map<TargetRun['group'], TargetRun[]>();
  for (const run of runs) byGroup.set(run.group, [...(byGroup.get(run.group) ?? []), run]);
  const out: Candidate[] = [];
  for (const [group, members] of byGroup) {
    const timed = members.map((run) => ({ run, ms: targetLatencyMs(run) })).filter((m): m is { run: TargetRun; ms: number } => m.ms !== undefined);
    if (timed.length < 2) continue;
    for (const { run, ms } of timed) {
      const peers = median(timed.filter((m) => m.run !== run).map((m) => m.ms));
      if (ms < peers * SLOW_FACTOR || ms - peers < SLOW_MARGIN_MS) continue;
      out.push(measured('upstream-overloaded', {
        group: group.name, targets: [run.target.address], severity: 'warning', confidence: 0.6,
        evidence: [`${run.target.address} answered in ${formatMs(ms)}; its peers' median is ${formatMs(peers)}`],
        loc: run.target.loc,
      }));
    }
  }
  return out;
};

export const SERVICE_RULES: readonly MeasuredRule[] = [slowerThanPeers];
