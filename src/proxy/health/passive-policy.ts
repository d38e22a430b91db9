import type { PassiveHealthCheck, Target, UpstreamGroup } from '../../model/index.js';

/**
 * How `serve` ejects targets from live traffic, per target: the config's passive check as the
 * gateway it came from would run it, or uh's default when the config says nothing.
 */
export interface PassivePolicy {
  /** Failures that eject (0 = never). */
  readonly maxFailures: number;
  /** Failures older than this do not count. */
  readonly failureWindowMs: number;
  /** A success starts the count again (Envoy `consecutive_*`); else failures only age out (nginx `max_fails`). */
  readonly consecutive: boolean;
  /** Statuses that count as failures; local-origin failures (refused, reset, timeout) always count. */
  readonly unhealthyStatuses: readonly number[];
  /** Base ejection time. */
  readonly ejectForMs: number;
  /** The n-th ejection lasts n × ejectForMs, up to MAX_EJECTION_MS (Envoy); nginx keeps fail_timeout. */
  readonly grows: boolean;
  readonly maxEjectedPercent: number;
  /** Eject one target even when the percent allows none (Envoy: "will eject at least one host regardless"). */
  readonly atLeastOne: boolean;
  /** Where the policy comes from, for /status and inspect. */
  readonly from: string;
}

/**
 * uh's passive default when a uh YAML group has no `health.passive`: Envoy's
 * `consecutive_local_origin_failure` (5) with `split_external_local_origin_errors`, its
 * `base_ejection_time` (30 s, growing, at most 300 s) and `max_ejection_percent` (10 %, at least one
 * host). Only local-origin failures count: a live app's 5xx is its answer, not a dead target.
 */
export const DEFAULT_PASSIVE: PassivePolicy = {
  maxFailures: 5,
  failureWindowMs: Infinity,
  consecutive: true,
  unhealthyStatuses: [],
  ejectForMs: 30_000,
  grows: true,
  maxEjectedPercent: 10,
  atLeastOne: true,
  from: 'uh default (Envoy consecutive_local_origin_failure)',
};

/** A group-level passive check as written (uh `health.passive`, or Envoy `outlier_detection` when `envoy`). */
export function fromGroupCheck(p: PassiveHealthCheck, envoy = false): PassivePolicy {
  return {
    maxFailures: p.maxFailures,
    // Envoy's consecutive_* counters have no window (its `interval` paces success-rate sweeps).
    failureWindowMs: envoy ? Infinity : p.failureWindowMs,
    consecutive: envoy,
    unhealthyStatuses: p.unhealthyStatuses,
    ejectForMs: p.ejectForMs,
    grows: true,
    maxEjectedPercent: p.maxEjectedPercent,
    atLeastOne: envoy,
    from: envoy ? 'envoy outlier_detection' : 'health.passive',
  };
}

/**
 * nginx `max_fails`/`fail_timeout` of one server: `max_fails` unsuccessful attempts within
 * `fail_timeout` make it unavailable for `fail_timeout` (not growing); what is unsuccessful is
 * `proxy_next_upstream` (its statuses count too, 403/404 never). A group of one server is never
 * marked unavailable (ngx_http_upstream_round_robin: `max_fails` is ignored for a single peer).
 */
function nginxServer(t: Target, group: UpstreamGroup, retryStatuses: readonly number[]): PassivePolicy | undefined {
  const p = t.passive;
  if (!p || p.maxFails <= 0 || group.targets.length < 2) return undefined;
  return {
    maxFailures: p.maxFails,
    failureWindowMs: p.failTimeoutMs,
    consecutive: false,
    unhealthyStatuses: retryStatuses.filter((s) => s !== 403 && s !== 404),
    ejectForMs: p.failTimeoutMs,
    grows: false,
    maxEjectedPercent: 100,
    atLeastOne: false,
    from: 'nginx max_fails/fail_timeout',
  };
}

/**
 * Each target's passive policy, or undefined for none: uh `health.passive` / Envoy
 * `outlier_detection` as written; nginx per server; uh groups without one get DEFAULT_PASSIVE,
 * except a group of one target (ejecting it only turns its errors into 503s for 30 s after it is
 * back, which is why nginx ignores max_fails for a lone server); an Envoy cluster without
 * `outlier_detection` ejects nothing, as Envoy does.
 */
export function passivePolicies(group: UpstreamGroup, retryStatuses: readonly number[]): Map<Target, PassivePolicy> | undefined {
  const out = new Map<Target, PassivePolicy>();
  const groupLevel = group.health.passive
    ? fromGroupCheck(group.health.passive, group.source === 'cluster')
    : group.source === 'uh' && group.targets.length > 1
      ? DEFAULT_PASSIVE
      : undefined;
  for (const t of group.targets) {
    const policy = groupLevel ?? nginxServer(t, group, retryStatuses);
    if (policy && policy.maxFailures > 0) out.set(t, policy);
  }
  return out.size > 0 ? out : undefined;
}
