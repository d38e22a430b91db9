import { nginxDefaultRetries } from '../config/nginx/next-upstream.js';
import type { RetryPolicy, UpstreamGroup } from '../model/index.js';

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
 * uh's retries when a uh YAML group sets no `retries`, following nginx's defaults
 * (`proxy_next_upstream error timeout`): a failed connect goes to another target at once (free:
 * nothing was sent); a reset or a timeout after an idempotent request was sent is retried once on
 * another target, within the retry budget (Envoy `retry_budget`: 20 % of active requests, at least
 * 3 at once). Backoff as Envoy's (25 ms base, 250 ms cap).
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 1,
  on: ['connect_failure', 'reset', 'timeout'],
  backoffMs: 25,
  maxBackoffMs: 250,
  budget: 0.2,
};

/** An Envoy route without `retry_policy`: Envoy retries nothing, not even a refused connect. */
export const NO_RETRIES: RetryPolicy = { attempts: 0, on: [], backoffMs: 25, maxBackoffMs: 250, budget: 0.2 };

/**
 * The policy `serve` runs for a group: the config's, else what its gateway does by default
 * (nginx `proxy_next_upstream error timeout` over every server; Envoy nothing; uh DEFAULT_RETRY_POLICY).
 */
export function retryPolicyOf(group: UpstreamGroup): RetryPolicy {
  if (group.retries) return group.retries;
  switch (group.source) {
    case 'cluster':
      return NO_RETRIES;
    case 'upstream block':
    case 'proxy_pass literal':
      return nginxDefaultRetries(group.targets.length);
    default:
      return DEFAULT_RETRY_POLICY;
  }
}

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
 * 1. out of time → no;
 * 2. connect failure → yes when `on` has `connect_failure`: nothing was sent, so it costs no
 *    attempt and no budget (the next try goes to a target not yet tried, so the group's size bounds it);
 * 3. out of attempts or budget → no;
 * 4. after the request was sent → only for idempotent methods with a replayable body;
 * 5. and only for outcomes listed in `on` (`reset`, `timeout`, or a status code).
 * `attempt` counts the retries after a request was sent (1 = the first such retry).
 */
export function shouldRetry(
  attempt: number,
  outcome: AttemptOutcome,
  method: string,
  policy: RetryPolicy,
  ctx: RetryContext,
): boolean {
  if (ctx.remainingMs <= 0) return false;
  if (outcome.kind === 'connect') return policy.on.includes('connect_failure');
  if (attempt > policy.attempts || !ctx.budgetOk) return false;
  if (!ctx.replayable || !IDEMPOTENT_METHODS.has(method)) return false;
  if (outcome.kind === 'status') return policy.on.includes(`${outcome.status}`);
  return policy.on.includes(outcome.kind);
}

/**
 * Delay before retry number `attempt` (1-based): exponential from `backoff`, capped at
 * `max_backoff`, with full jitter (AWS "Exponential Backoff and Jitter": uniform in [0, cap]) so
 * retries from many clients do not arrive in waves. A `Retry-After` from the target wins when it
 * is within the cap (RFC 9110 §10.2.3). Connect failures go to another target at once, and so does
 * the first retry of a connection that died (reset): backoff spares a struggling target, but that
 * retry goes to another one, and a target killed with requests in flight would otherwise add up to
 * `backoff` to each of them (nginx retries both at once; the retry budget still bounds the load).
 */
export function retryDelay(
  attempt: number,
  outcome: AttemptOutcome,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  if (outcome.kind === 'connect' || (outcome.kind === 'reset' && attempt === 1)) return 0;
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

/** Retries allowed at once whatever the share (Envoy `retry_budget.min_retry_concurrency`, default 3). */
export const MIN_RETRY_CONCURRENCY = 3;

/**
 * Retries as a share of active requests (Envoy `retry_budget`): a retry may start while retries
 * in flight stay below `budget × active requests`, and at least MIN_RETRY_CONCURRENCY, so during
 * an outage retries add a bounded fraction of load instead of multiplying it by `attempts`, while
 * a target dying with a few requests in flight still has them retried. Connect failures never
 * take a slot (nothing was sent: see shouldRetry). By concurrency, not per second: no clock.
 */
export class RetryBudget {
  readonly #share: number;
  readonly #min: number;
  /** Retries waiting for a slot, oldest first (at most one per request in flight). */
  readonly #waiting: (() => void)[] = [];
  active = 0;
  retrying = 0;

  constructor(share: number, minConcurrent = MIN_RETRY_CONCURRENCY) {
    this.#share = share;
    this.#min = minConcurrent;
  }

  /** Take a retry slot if the budget has room; pair with `release()`. */
  tryAcquire(): boolean {
    if (this.retrying >= Math.max(this.#min, Math.floor(this.#share * this.active))) return false;
    this.retrying++;
    return true;
  }

  /**
   * Queue for the next free slot: `grant` is called when one is released (the slot then belongs to
   * the caller). A burst of failures (a target killed with several requests on it) is retried a few
   * at a time instead of failed, and retries in flight still never exceed the budget.
   */
  wait(grant: () => void): void {
    this.#waiting.push(grant);
  }

  /** Leave the queue (the request gave up or its client left). */
  cancel(grant: () => void): void {
    const i = this.#waiting.indexOf(grant);
    if (i >= 0) this.#waiting.splice(i, 1);
  }

  /** Give the slot back, or straight to the oldest waiting retry. */
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.retrying--;
  }
}
