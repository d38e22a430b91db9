/**
 * Verdicts, the one line an on-call engineer reads first. A group has no healthy upstream when
 * none of the targets the gateway may use (not down, weight > 0; backups included, since the
 * gateway falls back to them) passed; degraded when some did and some did not.
 */
import type { UpstreamGroup } from '../model/index.js';
import { effectiveWeight } from '../model/index.js';
import type { TargetRun } from '../probes/run.js';
import { pathState } from './fold.js';
import type { GroupVerdict, Verdict } from './types.js';

export interface TargetHealth {
  /** At least one address passed and none failed (the JSON `healthy`). */
  readonly healthy: boolean;
  /** At least one address passed: the gateway still has somewhere to send traffic. */
  readonly available: boolean;
  readonly probed: boolean;
  readonly failed: boolean;
}

export function targetHealth(run: TargetRun): TargetHealth {
  const states = run.paths.map((p) => pathState(run, p));
  const failed = states.includes('unhealthy');
  const available = states.includes('healthy');
  return { healthy: available && !failed, available, probed: failed || available, failed };
}

/**
 * A group spoken to in several ways (`group.ways`) is judged per way: a reference with no healthy
 * target is an outage for the traffic it carries, whatever the other references see.
 */
export function groupVerdict(group: UpstreamGroup, runs: readonly TargetRun[]): GroupVerdict {
  const ways = [...new Set(runs.map((r) => r.way))];
  if (ways.length < 2) return oneWayVerdict(group, runs);
  const verdicts = ways.map((way) => oneWayVerdict(group, runs.filter((r) => r.way === way)));
  return GROUP_WORST.find((v) => verdicts.includes(v)) ?? 'unknown';
}

const GROUP_WORST: readonly GroupVerdict[] = ['no-healthy-upstream', 'degraded', 'healthy', 'unknown'];

function oneWayVerdict(group: UpstreamGroup, runs: readonly TargetRun[]): GroupVerdict {
  const eligible = runs.filter((r) => !r.target.down && effectiveWeight(r.target) > 0);
  if (group.targets.length > 0 && group.discovery !== 'dynamic'
    && group.targets.every((t) => t.down || effectiveWeight(t) === 0)) return 'no-healthy-upstream';
  const health = eligible.map(targetHealth);
  if (!health.some((h) => h.probed)) return 'unknown';
  if (!health.some((h) => h.available)) return 'no-healthy-upstream';
  return health.some((h) => h.failed) ? 'degraded' : 'healthy';
}

const WORST: readonly Verdict[] = ['no-healthy-upstream', 'degraded', 'healthy'];

/** The whole gateway: its worst group (unknown groups do not count either way). */
export function overallVerdict(verdicts: readonly GroupVerdict[], undefinedRoute: boolean): Verdict {
  if (undefinedRoute) return 'no-healthy-upstream';
  return WORST.find((v) => verdicts.includes(v)) ?? 'healthy';
}
