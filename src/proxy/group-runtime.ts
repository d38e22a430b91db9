import type { Pool } from 'undici';
import type { UpstreamGroup } from '../model/index.js';
import type { Balancer } from './balancer/index.js';
import { TieredBalancer, balancerFor } from './balancer/index.js';
import type { PickInput } from './balancer/types.js';
import { Breaker } from './breaker.js';
import { createPool } from './forward.js';
import { ActiveChecker, WAITING_REASON } from './health/active-checker.js';
import { OutlierDetector } from './health/outlier-detector.js';
import type { PassivePolicy } from './health/passive-policy.js';
import { passivePolicies } from './health/passive-policy.js';
import type { ProxyLog } from './log.js';
import { GroupMetrics } from './metrics.js';
import type { ClassifiedFailure } from './classify.js';
import { MIN_RETRY_CONCURRENCY, RetryBudget, retryPolicyOf } from './retry.js';
import type { RetryPolicy } from '../model/index.js';
import { SessionTable } from './sticky.js';
import type { StateChange } from './target-state.js';
import { TargetState } from './target-state.js';

/** Concurrency cap per target when max_requests is not set (Envoy's circuit breaker default). */
const DEFAULT_MAX_REQUESTS = 1024;
/** Envoy's cluster-wide circuit-breaker default for max_requests, applied to Envoy clusters. */
const ENVOY_MAX_REQUESTS = 1024;

export interface RuntimeOptions {
  readonly log: ProxyLog;
  readonly onStateChange: (change: StateChange) => void;
  /** Previous runtime of the same group (reload): unchanged targets keep their health. */
  readonly previous?: GroupRuntime;
  /** First start: every target is unknown, so all are admitted until a check says otherwise. */
  readonly coldStart: boolean;
}

/**
 * Everything `serve` runs for one upstream group: target states, the balancer, active checkers,
 * the outlier detector, breakers, retry budget, sessions and one undici Pool per target.
 */
export class GroupRuntime {
  readonly group: UpstreamGroup;
  readonly targets: readonly TargetState[];
  readonly balancer: Balancer;
  readonly retry: RetryPolicy;
  readonly budget: RetryBudget;
  /** Requests in flight to the whole group beyond which new ones get 503 overloaded (Envoy max_requests). */
  readonly maxActive: number;
  /** Statuses listed in `retries.on`: the hot path checks membership before consulting the policy. */
  readonly retryStatuses: ReadonlySet<number>;
  readonly sessions: SessionTable | undefined;
  readonly outlier: OutlierDetector | undefined;
  readonly metrics: GroupMetrics;
  /** Pools are reused across a reload only when what they were built from is unchanged. */
  readonly poolKey: string;
  readonly #byAddress = new Map<string, TargetState>();
  readonly #pools = new Map<TargetState, Pool>();
  readonly #breakers = new Map<TargetState, Breaker>();
  readonly #checkers: ActiveChecker[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #log: ProxyLog;
  #panicLogged = false;
  #stopped = false;

  constructor(group: UpstreamGroup, options: RuntimeOptions) {
    this.group = group;
    this.#log = options.log;
    const previous = options.previous;
    this.poolKey = JSON.stringify([group.tls ?? null, group.timeouts, group.protocol]);
    const reusePools = previous?.poolKey === this.poolKey;
    this.metrics = previous?.metrics ?? new GroupMetrics();
    this.targets = group.targets.map((t) => this.#targetState(t, options));
    const { factory, emulated } = balancerFor(group.balance);
    if (!emulated) options.log.event({ event: 'not-emulated', group: group.name, what: `balance ${group.balance}`, using: 'p2c' });
    this.balancer = new TieredBalancer(factory, this.targets, group.hashOn ? { hashOn: group.hashOn } : {});
    this.retry = retryPolicyOf(group);
    this.budget = new RetryBudget(this.retry.budget, group.limits?.maxRetries ?? MIN_RETRY_CONCURRENCY);
    this.maxActive = group.limits?.maxRequests ?? (group.source === 'cluster' ? ENVOY_MAX_REQUESTS : Infinity);
    this.retryStatuses = new Set(this.retry.on.filter((o) => /^\d+$/.test(o)).map(Number));
    this.sessions = group.sticky ? (previous?.sessions ?? new SessionTable(group.sticky)) : undefined;
    const policies = passivePolicies(group, [...this.retryStatuses]);
    this.outlier = policies ? new OutlierDetector(byState(this.targets, policies), this.targets) : undefined;
    for (const t of this.targets) {
      this.#byAddress.set(t.address, t);
      this.#pools.set(t, (reusePools ? previous.poolFor(t.address) : undefined) ?? createPool(group, t));
      if (group.circuitBreaker) this.#breakers.set(t, new Breaker(group.circuitBreaker, t));
    }
  }

  /** Start active checks (after construction, so listeners are wired). */
  start(): void {
    const check = this.group.health.active;
    if (!check) return;
    for (const target of this.targets) {
      if (target.target.down) continue;
      const onResult = (r: { outcome: string }): void => {
        if (r.outcome === 'pass' || r.outcome === 'warn') this.outlier?.activePassed(target, Date.now());
      };
      const checker = new ActiveChecker({ group: this.group, check, target, resolvers: this.group.resolvers, onResult });
      this.#checkers.push(checker);
      checker.start();
    }
  }

  byAddress(address: string): TargetState | undefined {
    return this.#byAddress.get(address);
  }

  pool(t: TargetState): Pool {
    return this.#pools.get(t)!;
  }

  /** Reuse an unchanged target's pool across a reload (keeps warm connections). */
  poolFor(address: string): Pool | undefined {
    const t = this.targets.find((x) => x.address === address);
    return t ? this.#pools.get(t) : undefined;
  }

  breaker(t: TargetState): Breaker | undefined {
    return this.#breakers.get(t);
  }

  /**
   * Pick a target; when none is available and the group is `fail_open` (Envoy panic mode), use
   * every non-drained target regardless of health, and say so once in the log.
   */
  pick(input: PickInput): TargetState | undefined {
    const t = this.balancer.pick(input);
    if (t || this.group.onAllUnhealthy !== 'fail_open') return t;
    return this.#panicPick(input);
  }

  /** Outcome of one attempt that got an answer. */
  recordStatus(t: TargetState, status: number, now: number): void {
    if (this.outlier?.status(t, status, now)) this.#wakeAt(t.flag('ejected')?.until, () => this.outlier?.tick(Date.now()));
    this.#breakerRecord(t, status < 500, now);
  }

  /** Outcome of one attempt that failed locally (connect, reset, timeout). */
  recordFailure(t: TargetState, failure: ClassifiedFailure, now: number): void {
    t.failures++;
    if (this.outlier?.localFailure(t, failure.message, failure.cause, now)) {
      this.#wakeAt(t.flag('ejected')?.until, () => this.outlier?.tick(Date.now()));
    }
    this.#breakerRecord(t, false, now);
  }

  /** Stop checks and timers; close pools not reused by `next` (gracefully: in-flight requests finish). */
  async stop(next?: GroupRuntime): Promise<void> {
    this.#stopped = true;
    for (const c of this.#checkers) c.stop();
    for (const timer of this.#timers) clearTimeout(timer);
    const closing: Promise<void>[] = [];
    for (const [t, pool] of this.#pools) if (next?.poolFor(t.address) !== pool) closing.push(pool.close());
    await Promise.allSettled(closing);
  }

  #targetState(target: UpstreamGroup['targets'][number], options: RuntimeOptions): TargetState {
    const t = new TargetState(this.group.name, target, this.group.maxRequests ?? DEFAULT_MAX_REQUESTS);
    const old = options.previous?.targets.find((x) => x.address === target.address);
    if (old) t.adopt(old);
    else if (!options.coldStart && this.group.health.active && !target.down) {
      t.set('failedActive', { reason: WAITING_REASON, since: Date.now() });
    }
    t.onChange(options.onStateChange);
    if (target.down) t.set('draining', { reason: 'down in the config (administratively out of rotation)', since: Date.now() });
    return t;
  }

  #breakerRecord(t: TargetState, ok: boolean, now: number): void {
    const breaker = this.#breakers.get(t);
    if (!breaker?.record(ok, now)) return;
    const until = breaker.openUntil;
    if (until !== undefined) this.#wakeAt(until, () => breaker.tick(Date.now()));
  }

  #panicPick(input: PickInput): TargetState | undefined {
    let best: TargetState | undefined;
    for (const t of this.targets) {
      if (t.target.down || input.exclude?.has(t)) continue;
      if (!best || t.active < best.active) best = t;
    }
    if (best) {
      this.metrics.panics++;
      if (!this.#panicLogged) {
        this.#panicLogged = true;
        this.#log.event({ event: 'panic', group: this.group.name, message: 'no healthy target: on_all_unhealthy fail_open, using every target' });
      }
    }
    return best;
  }

  #wakeAt(at: number | undefined, fn: () => void): void {
    if (at === undefined || this.#stopped) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, Math.max(0, at - Date.now()) + 1);
    timer.unref();
    this.#timers.add(timer);
  }
}

/** The per-target policies keyed by the run-time state of each target. */
function byState(targets: readonly TargetState[], policies: ReadonlyMap<UpstreamGroup['targets'][number], PassivePolicy>): Map<TargetState, PassivePolicy> {
  const out = new Map<TargetState, PassivePolicy>();
  for (const t of targets) {
    const policy = policies.get(t.target);
    if (policy) out.set(t, policy);
  }
  return out;
}
