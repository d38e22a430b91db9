import type { CauseId } from '../../causes/catalog.js';
import type { PassiveHealthCheck } from '../../model/index.js';
import type { TargetState } from '../target-state.js';

/** Longest ejection, however often a target repeats (Envoy `max_ejection_time` default 300s). */
const MAX_EJECTION_MS = 300_000;

interface Window {
  /** Failure timestamps, oldest first, at most `maxFailures` long. */
  readonly times: number[];
  last: string;
  cause: CauseId | undefined;
}

interface Record_ {
  readonly local: Window;
  readonly upstream: Window;
}

/**
 * Passive health (outlier detection) for one group. Local-origin failures (refused, timeout,
 * reset, TLS: the proxy could not talk to the target) and upstream statuses (the target answered
 * 5xx) are counted in separate windows, as Envoy's `split_external_local_origin_errors` does, so a
 * flood of 503s from a live app and a dead port are told apart in the reason. Ejection lasts
 * `ejectFor × n` for the n-th ejection (capped), recovers by itself, and never takes out more than
 * `max_ejected_percent` of the group.
 */
export class OutlierDetector {
  readonly #policy: PassiveHealthCheck;
  readonly #targets: readonly TargetState[];
  readonly #records = new Map<TargetState, Record_>();
  readonly #unhealthy: ReadonlySet<number>;

  constructor(policy: PassiveHealthCheck, targets: readonly TargetState[]) {
    this.#policy = policy;
    this.#targets = targets;
    this.#unhealthy = new Set(policy.unhealthyStatuses);
    for (const t of targets) this.#records.set(t, { local: newWindow(), upstream: newWindow() });
  }

  /** Whether this status counts as an upstream failure. */
  isUnhealthyStatus(status: number): boolean {
    return this.#unhealthy.has(status);
  }

  /** A local-origin failure (connect refused, timeout, reset, TLS). Returns true when it ejected. */
  localFailure(target: TargetState, message: string, cause: CauseId | undefined, now: number): boolean {
    const rec = this.#records.get(target);
    if (!rec) return false;
    return this.#count(target, rec.local, `${message}`, cause, now, 'local-origin failures');
  }

  /** An answered request: counts when its status is one of `unhealthy_statuses`. */
  status(target: TargetState, status: number, now: number): boolean {
    if (!this.#unhealthy.has(status)) return false;
    const rec = this.#records.get(target);
    if (!rec) return false;
    return this.#count(target, rec.upstream, `HTTP ${status}`, 'upstream-overloaded', now, 'upstream error statuses');
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

  #count(target: TargetState, w: Window, last: string, cause: CauseId | undefined, now: number, kind: string): boolean {
    const { maxFailures, failureWindowMs } = this.#policy;
    if (maxFailures <= 0 || target.flag('ejected')) return false;
    w.times.push(now);
    w.last = last;
    w.cause = cause;
    while (w.times.length > 0 && (w.times.length > maxFailures || now - w.times[0]! > failureWindowMs)) w.times.shift();
    if (w.times.length < maxFailures) return false;
    if (!this.#mayEject()) return false;
    w.times.length = 0;
    target.ejections++;
    const ms = Math.min(this.#policy.ejectForMs * target.ejections, Math.max(MAX_EJECTION_MS, this.#policy.ejectForMs));
    const reason = `ejected for ${ms}ms: ${maxFailures} ${kind} within ${failureWindowMs}ms (last: ${last})`;
    target.set('ejected', { reason, since: now, until: now + ms, ...(cause ? { cause } : {}) });
    return true;
  }

  /** max_ejected_percent: Envoy's guard against ejecting the whole group on a shared failure. */
  #mayEject(): boolean {
    let ejected = 0;
    for (const t of this.#targets) if (t.flag('ejected')) ejected++;
    return ((ejected + 1) * 100) / this.#targets.length <= this.#policy.maxEjectedPercent;
  }
}

function newWindow(): Window {
  return { times: [], last: '', cause: undefined };
}
