import type { RetryPolicy } from '../model/index.js';

/**
 * How one upstream attempt ended, as far as retrying cares:
 * - `connect`: never reached the target (refused, connect timeout, unreachable): nothing was sent;
 * - `reset` / `timeout`: the request was (possibly) sent, then the connection died or went quiet;
 * - `status`: the target answered with this status.
 */
export type AttemptOutcome =
  | { readonly kind: 'connect'; readonly code: string }
  | { readonly kind: 'reset'; readonly code: string }
  | { readonly kind: 'timeout'; readonly code: string }
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterMs?: number };

/** Methods RFC 9110 §9.2.2 calls idempotent: repeating them has the effect of one request. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/**
 * uh's defaults when a group sets no `retries`: one retry, only for connect failures (always
 * safe, and on another target), small backoff, 20% budget (Envoy's retry budget default).
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 1,
  on: ['connect_failure'],
  backoffMs: 25,
  maxBackoffMs: 250,
  budget: 0.2,
};

export interface RetryContext {
  /** The request body can be sent again (none, or held whole in the bounded replay buffer). */
  readonly replayable: boolean;
  /** The retry budget has room (see RetryBudget). */
  readonly budgetOk: boolean;
  /** Time left before the request's overall deadline, ms. */
  readonly remainingMs: number;
}

/**
 * The decision list, first match wins (undici RetryHandler, caddy `tryAgain`):
 * 1. out of attempts, budget or time → no;
 * 2. connect failure → yes (nothing was sent; the next try goes to another target);
 * 3. after the request was sent → only for idempotent methods with a replayable body;
 * 4. and only for outcomes listed in `on` (`reset`, `timeout`, or a status code).
 */
export function shouldRetry(
  attempt: number,
  outcome: AttemptOutcome,
  method: string,
  policy: RetryPolicy,
  ctx: RetryContext,
): boolean {
  if (attempt > policy.attempts || !ctx.budgetOk || ctx.remainingMs <= 0) return false;
  if (outcome.kind === 'connect') return true;
  if (!ctx.replayable || !IDEMPOTENT_METHODS.has(method)) return false;
  if (outcome.kind === 'status') return policy.on.includes(`${outcome.status}`);
  return policy.on.includes(outcome.kind);
}

/**
 * Delay before retry number `attempt` (1-based): exponential from `backoff`, capped at
 * `max_backoff`, with full jitter (AWS "Exponential Backoff and Jitter": uniform in [0, cap]) so
 * retries from many clients do not arrive in waves. A `Retry-After` from the target wins when it
 * is within the cap (RFC 9110 §10.2.3). Connect failures go to another target at once.
 */
export function retryDelay(
  attempt: number,
  outcome: AttemptOutcome,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  if (outcome.kind === 'connect') return 0;
  if (outcome.kind === 'status' && outcome.retryAfterMs !== undefined && outcome.retryAfterMs <= policy.maxBackoffMs) {
    return Math.max(0, outcome.retryAfterMs);
  }
  const cap = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * cap);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Burst reserve: retries per second allowed beyond the share (Finagle's `minRetriesPerSec`, default 10). */
export const RETRY_RESERVE_PER_SEC = 10;

/**
 * Retries as a share of active requests (Envoy `retry_budget`): a retry may start while retries
 * in flight stay below `budget × active requests` (at least one), so during an outage retries add
 * a bounded fraction of load instead of multiplying it by `attempts`. A small reserve refilled at
 * RETRY_RESERVE_PER_SEC (Finagle's RetryBudget) absorbs the burst when one target dies with
 * several requests in flight on it, without letting a sustained outage multiply load.
 */
export class RetryBudget {
  readonly #share: number;
  readonly #now: () => number;
  #reserve = RETRY_RESERVE_PER_SEC;
  #refilledAt: number;
  active = 0;
  retrying = 0;

  constructor(share: number, now: () => number = Date.now) {
    this.#share = share;
    this.#now = now;
    this.#refilledAt = now();
  }

  /** Take a retry slot if the budget has room; pair with `release()`. */
  tryAcquire(): boolean {
    if (this.retrying < Math.max(1, Math.floor(this.#share * this.active))) {
      this.retrying++;
      return true;
    }
    const now = this.#now();
    this.#reserve = Math.min(RETRY_RESERVE_PER_SEC, this.#reserve + ((now - this.#refilledAt) * RETRY_RESERVE_PER_SEC) / 1000);
    this.#refilledAt = now;
    if (this.#reserve < 1) return false;
    this.#reserve -= 1;
    this.retrying++;
    return true;
  }

  release(): void {
    this.retrying--;
  }
}
