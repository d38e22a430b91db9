import type { CauseId } from '../../causes/catalog.js';
import type { TargetState } from '../target-state.js';
import type { PassivePolicy } from './passive-policy.js';

/** Longest ejection, however often a target repeats (Envoy `max_ejection_time` default 300s). */
const MAX_EJECTION_MS = 300_000;

interface Window {
  /** Failure timestamps, oldest first, at most `maxFailures` long. */
  readonly times: number[];
  last: string;
  cause: CauseId | undefined;
}

interface Record_ {
  readonly policy: PassivePolicy;
  readonly unhealthy: ReadonlySet<number>;
  readonly local: Window;
  readonly upstream: Window;
}

/**
 * Passive health (outlier detection) for one group, each target under its own policy
 * (passive-policy.ts). Local-origin failures (refused, timeout, reset, TLS: the proxy could not
 * talk to the target) and upstream statuses (the target answered 5xx) are counted in separate
 * windows, as Envoy's `split_external_local_origin_errors` does, so a flood of 503s from a live app
 * and a dead port are told apart in the reason. Ejection recovers by itself (growing on repeat
 * where the policy says so) and never takes out more than `max_ejected_percent` of the group.
 */
export class OutlierDetector {
  readonly #targets: readonly TargetState[];
  readonly #records = new Map<TargetState, Record_>();

  constructor(policies: ReadonlyMap<TargetState, PassivePolicy>, targets: readonly TargetState[]) {
    this.#targets = targets;
    for (const [t, policy] of policies) {
      this.#records.set(t, { policy, unhealthy: new Set(policy.unhealthyStatuses), local: newWindow(), upstream: newWindow() });
    }
  }

  /** The policy a target is held to, if any (for /status). */
  policyOf(target: TargetState): PassivePolicy | undefined {
    return this.#records.get(target)?.policy;
  }

  /** A local-origin failure (connect refused, timeout, reset, TLS). Returns true when it ejected. */
  localFailure(target: TargetState, message: string, cause: CauseId | undefined, now: number): boolean {
    const rec = this.#records.get(target);
    if (!rec) return false;
    return this.#count(target, rec, rec.local, message, cause, now, 'local-origin failures');
  }

  /**
   * An answered request: counts when its status is one of the unhealthy statuses; any other answer
   * ends a run of consecutive failures (the target is reachable and answering). No allocation.
   */
  status(target: TargetState, status: number, now: number): boolean {
    const rec = this.#records.get(target);
    if (!rec) return false;
    if (!rec.unhealthy.has(status)) {
      if (rec.policy.consecutive) {
        if (rec.local.times.length > 0) rec.local.times.length = 0;
        if (rec.upstream.times.length > 0) rec.upstream.times.length = 0;
      }
      return false;
    }
    return this.#count(target, rec, rec.upstream, `HTTP ${status}`, 'upstream-overloaded', now, 'upstream error statuses');
  }

  /** Un-eject targets whose ejection time is over; returns the earliest pending end, if any. */
  tick(now: number): number | undefined {
    let next: number | undefined;
    for (const t of this.#targets) {
      const flag = t.flag('ejected');
      if (!flag || flag.until === undefined) continue;
      if (flag.until <= now) t.clear('ejected', now, 'ejection time over');
      else if (next === undefined || flag.until < next) next = flag.until;
    }
    return next;
  }

  /**
   * An active check passed: bring an ejected target back at once (Envoy
   * `successful_active_health_check_uneject_host`, default true), counts started afresh.
   */
  activePassed(target: TargetState, now: number): void {
    const rec = this.#records.get(target);
    if (!rec || !target.flag('ejected')) return;
    rec.local.times.length = 0;
    rec.upstream.times.length = 0;
    target.clear('ejected', now, 'an active health check passed');
  }

  #count(target: TargetState, rec: Record_, w: Window, last: string, cause: CauseId | undefined, now: number, kind: string): boolean {
    const { maxFailures, failureWindowMs, consecutive } = rec.policy;
    if (maxFailures <= 0 || target.flag('ejected')) return false;
    w.times.push(now);
    w.last = last;
    w.cause = cause;
    while (w.times.length > 0 && (w.times.length > maxFailures || now - w.times[0]! > failureWindowMs)) w.times.shift();
    if (w.times.length < maxFailures) return false;
    if (!this.#mayEject(rec.policy)) return false;
    w.times.length = 0;
    target.ejections++;
    const base = rec.policy.ejectForMs;
    const ms = rec.policy.grows ? Math.min(base * target.ejections, Math.max(MAX_EJECTION_MS, base)) : base;
    const counted = consecutive ? `${maxFailures} consecutive ${kind}` : `${maxFailures} ${kind} within ${failureWindowMs}ms`;
    const reason = `ejected for ${ms}ms: ${counted} (last: ${last}; ${rec.policy.from})`;
    target.set('ejected', { reason, since: now, until: now + ms, ...(cause ? { cause } : {}) });
    return true;
  }

  /** max_ejected_percent: Envoy's guard against ejecting the whole group on a shared failure. */
  #mayEject(policy: PassivePolicy): boolean {
    let ejected = 0;
    for (const t of this.#targets) if (t.flag('ejected')) ejected++;
    if (policy.atLeastOne && ejected === 0) return true;
    return ((ejected + 1) * 100) / this.#targets.length <= policy.maxEjectedPercent;
  }
}

function newWindow(): Window {
  return { times: [], last: '', cause: undefined };
}
