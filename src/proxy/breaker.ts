import type { CircuitBreakerPolicy } from '../model/index.js';
import type { TargetState } from './target-state.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Per-target circuit breaker (closed → open → half-open → closed), in the shape of the classic
 * Nygard breaker: in a fixed window, once `minRequests` were seen and the failure ratio reaches
 * `failureRatio`, the circuit opens for `openFor`; then one trial request is let through
 * (half-open, concurrency 1). A trial success closes it, a failure re-opens it.
 * The clock is passed in so tests drive time without sleeping.
 */
export class Breaker {
  readonly #policy: CircuitBreakerPolicy;
  readonly #target: TargetState;
  #state: BreakerState = 'closed';
  #windowStart = 0;
  #total = 0;
  #failed = 0;
  #openUntil = 0;

  constructor(policy: CircuitBreakerPolicy, target: TargetState) {
    this.#policy = policy;
    this.#target = target;
  }

  get state(): BreakerState {
    return this.#state;
  }

  /** When the open circuit turns half-open (epoch ms), for `retry-after` and the timer. */
  get openUntil(): number | undefined {
    return this.#state === 'open' ? this.#openUntil : undefined;
  }

  /** Record the outcome of one request; returns true when the state changed. */
  record(ok: boolean, now: number): boolean {
    if (this.#state === 'half-open') return ok ? this.#close(now) : this.#open(now, 'the half-open trial request failed');
    if (this.#state === 'open') return false;
    if (now - this.#windowStart >= this.#policy.windowMs) {
      this.#windowStart = now;
      this.#total = 0;
      this.#failed = 0;
    }
    this.#total++;
    if (!ok) this.#failed++;
    if (this.#total >= this.#policy.minRequests && this.#failed / this.#total >= this.#policy.failureRatio) {
      const pct = Math.round((100 * this.#failed) / this.#total);
      return this.#open(now, `circuit open: ${pct}% of ${this.#total} requests failed within ${this.#policy.windowMs}ms`);
    }
    return false;
  }

  /** Move open → half-open once `openFor` has passed; returns true when it did. */
  tick(now: number): boolean {
    if (this.#state !== 'open' || now < this.#openUntil) return false;
    this.#state = 'half-open';
    this.#target.setHalfOpen(true);
    this.#target.clear('openCircuit', now, 'circuit half-open: one trial request allowed');
    return true;
  }

  #open(now: number, reason: string): boolean {
    this.#state = 'open';
    this.#openUntil = now + this.#policy.openForMs;
    this.#target.setHalfOpen(false);
    this.#target.set('openCircuit', { reason, since: now, until: this.#openUntil });
    return true;
  }

  #close(now: number): boolean {
    this.#state = 'closed';
    this.#windowStart = now;
    this.#total = 0;
    this.#failed = 0;
    this.#target.setHalfOpen(false);
    return true;
  }
}
