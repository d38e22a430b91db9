/**
 * A route's (or its virtual host's) `retry_policy` (envoy.config.route.v3.RetryPolicy) → the
 * RetryPolicy of the clusters it routes to. Without one Envoy retries nothing. `retry_on` is a
 * comma list: `5xx` covers every 5xx answer plus connect failures, resets and per-try timeouts;
 * `gateway-error` the same with only 502/503/504; `reset` a reset or no answer; `connect-failure`;
 * `retriable-4xx` (409); `retriable-status-codes` the listed codes. `num_retries` defaults to 1,
 * the back-off to 25 ms base and 10× that at most. Envoy bounds concurrent retries with the
 * cluster's `max_retries` (3) unless a `retry_budget` is set: a share of 0 with the floor of 3 is
 * exactly that.
 */
import type { RetryOn, RetryPolicy } from '../../model/index.js';
import type { ParseContext } from './fields.js';
import { asList, field, optDurationMs, optStr, optUint32, plain } from './fields.js';
import type { YNode } from './yaml-source.js';

const STATUSES_5XX: readonly RetryOn[] = Array.from({ length: 100 }, (_, i) => `${500 + i}` as RetryOn);

const CONDITIONS: Readonly<Record<string, readonly RetryOn[]>> = {
  '5xx': ['connect_failure', 'reset', 'timeout', ...STATUSES_5XX],
  'gateway-error': ['connect_failure', 'reset', 'timeout', '502', '503', '504'],
  reset: ['reset', 'timeout'],
  'reset-before-request': ['connect_failure'],
  'connect-failure': ['connect_failure'],
  'refused-stream': ['reset'],
  'retriable-4xx': ['409'],
};

const DEFAULT_BASE_MS = 25;

/** The policy a `retry_policy` node describes. */
export function readRetryPolicy(node: YNode, ctx: ParseContext): RetryPolicy {
  const retryOn = optStr(node, 'retry_on', 'retry_policy.retry_on') ?? '';
  const on = new Set<RetryOn>();
  for (const token of retryOn.split(',').map((t) => t.trim()).filter(Boolean)) {
    for (const c of CONDITIONS[token] ?? []) on.add(c);
  }
  if (retryOn.split(',').map((t) => t.trim()).includes('retriable-status-codes')) {
    for (const code of asList(field(node, 'retriable_status_codes'), 'retry_policy.retriable_status_codes', ctx)) on.add(String(plain(code)) as RetryOn);
  }
  const backOff = field(node, 'retry_back_off');
  const baseMs = optDurationMs(backOff, 'base_interval', 'retry_back_off.base_interval') ?? DEFAULT_BASE_MS;
  const perTry = optDurationMs(node, 'per_try_timeout', 'retry_policy.per_try_timeout');
  return {
    attempts: optUint32(node, 'num_retries', 'retry_policy.num_retries') ?? 1,
    on: [...on],
    backoffMs: baseMs,
    maxBackoffMs: optDurationMs(backOff, 'max_interval', 'retry_back_off.max_interval') ?? baseMs * 10,
    budget: 0,
    ...(perTry !== undefined && perTry > 0 ? { perTryTimeoutMs: perTry } : {}),
    declared: { retry_on: retryOn },
  };
}

/** Remember the first retry policy of the routes reaching each cluster (route level wins over the virtual host's). */
export function noteRouteRetries(policy: RetryPolicy | undefined, clusters: readonly string[], ctx: ParseContext): void {
  if (!policy) return;
  for (const cluster of clusters) if (!ctx.routeRetries.has(cluster)) ctx.routeRetries.set(cluster, policy);
}
