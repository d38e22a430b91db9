import { describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../src/model/index.js';
import type { AttemptOutcome } from '../../src/proxy/retry.js';
import { DEFAULT_RETRY_POLICY, MIN_RETRY_CONCURRENCY, NO_RETRIES, RetryBudget, parseRetryAfter, retryDelay, shouldRetry } from '../../src/proxy/retry.js';

const policy: RetryPolicy = { attempts: 2, on: ['connect_failure', 'reset', '503'], backoffMs: 25, maxBackoffMs: 250, budget: 0.2 };
const ok = { replayable: true, budgetOk: true, remainingMs: 1000 };
const refused: AttemptOutcome = { kind: 'connect', code: 'ECONNREFUSED' };
const reset: AttemptOutcome = { kind: 'reset', code: 'ECONNRESET' };

describe('retry policy (pure)', () => {
  it.each([
    ['connect failure, any method', 1, refused, 'POST', ok, true],
    ['connect failure, body not replayable', 1, refused, 'POST', { ...ok, replayable: false }, true],
    ['reset after send, GET', 1, reset, 'GET', ok, true],
    ['reset after send, POST (not idempotent)', 1, reset, 'POST', ok, false],
    ['reset after send, PUT with a streamed body', 1, reset, 'PUT', { ...ok, replayable: false }, false],
    ['503 listed in on', 1, { kind: 'status', status: 503 }, 'GET', ok, true],
    ['502 not listed in on', 1, { kind: 'status', status: 502 }, 'GET', ok, false],
    ['timeout not listed in on', 1, { kind: 'timeout', code: 'UND_ERR_HEADERS_TIMEOUT' }, 'GET', ok, false],
    ['out of attempts', 3, reset, 'GET', ok, false],
    ['budget exhausted', 1, reset, 'GET', { ...ok, budgetOk: false }, false],
    ['connect failure after the attempts (nothing was sent: free)', 3, refused, 'GET', ok, true],
    ['connect failure with the budget exhausted (free)', 1, refused, 'GET', { ...ok, budgetOk: false }, true],
    ['past the deadline', 1, refused, 'GET', { ...ok, remainingMs: 0 }, false],
  ] as const)('%s → %s', (_name, attempt, outcome, method, ctx, expected) => {
    expect(shouldRetry(attempt, outcome as AttemptOutcome, method, policy, ctx)).toBe(expected);
  });

  it('backs off exponentially with full jitter under the cap; connect failures retry at once', () => {
    const status: AttemptOutcome = { kind: 'status', status: 503 };
    expect(retryDelay(1, status, policy, () => 0.999)).toBe(24);
    expect(retryDelay(3, status, policy, () => 0.999)).toBe(99);
    expect(retryDelay(10, status, policy, () => 0.999)).toBe(249);
    expect(retryDelay(10, status, policy, () => 0)).toBe(0);
    expect(retryDelay(1, refused, policy, () => 0.999)).toBe(0);
  });

  it('retries a connection that died on another target at once the first time, then backs off', () => {
    expect(retryDelay(1, reset, policy, () => 0.999)).toBe(0);
    expect(retryDelay(2, reset, policy, () => 0.999)).toBe(49);
    expect(retryDelay(1, { kind: 'timeout', code: 'UND_ERR_HEADERS_TIMEOUT' }, policy, () => 0.999)).toBe(24);
  });

  it('honours Retry-After within the cap (seconds or HTTP-date)', () => {
    expect(retryDelay(1, { kind: 'status', status: 503, retryAfterMs: 100 }, policy, () => 0)).toBe(100);
    expect(retryDelay(1, { kind: 'status', status: 503, retryAfterMs: 5000 }, policy, () => 0.5)).toBe(12);
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  it('the budget is by concurrency: a share of active requests, at least 3 at once, no clock', () => {
    const budget = new RetryBudget(0.2);
    budget.active = 50;
    const granted = Array.from({ length: 30 }, () => budget.tryAcquire()).filter(Boolean).length;
    expect(granted).toBe(10);
    expect(budget.tryAcquire()).toBe(false);
    budget.release();
    expect(budget.tryAcquire()).toBe(true);
    const few = new RetryBudget(0.2);
    few.active = 2;
    const floor = Array.from({ length: 10 }, () => few.tryAcquire()).filter(Boolean).length;
    expect(floor).toBe(MIN_RETRY_CONCURRENCY);
    expect(MIN_RETRY_CONCURRENCY).toBe(3);
  });

  it('defaults: a uh group retries errors and timeouts like nginx (proxy_next_upstream error timeout); no policy retries nothing', () => {
    expect(shouldRetry(1, reset, 'GET', DEFAULT_RETRY_POLICY, ok)).toBe(true);
    expect(shouldRetry(1, { kind: 'timeout', code: 'UND_ERR_HEADERS_TIMEOUT' }, 'GET', DEFAULT_RETRY_POLICY, ok)).toBe(true);
    expect(shouldRetry(2, reset, 'GET', DEFAULT_RETRY_POLICY, ok)).toBe(false);
    expect(shouldRetry(1, refused, 'POST', DEFAULT_RETRY_POLICY, ok)).toBe(true);
    expect(shouldRetry(1, refused, 'GET', NO_RETRIES, ok)).toBe(false);
  });

  it('a retry that finds the budget full can wait: a released slot goes straight to the oldest waiter', () => {
    const budget = new RetryBudget(0.2);
    budget.active = 10;
    for (let i = 0; i < 3; i++) expect(budget.tryAcquire()).toBe(true);
    expect(budget.tryAcquire()).toBe(false);
    const granted: string[] = [];
    const first = (): void => void granted.push('first');
    const second = (): void => void granted.push('second');
    const third = (): void => void granted.push('third');
    budget.wait(first);
    budget.wait(second);
    budget.wait(third);
    budget.cancel(second);
    budget.release();
    expect(granted).toEqual(['first']);
    expect(budget.retrying).toBe(3);
    budget.release();
    budget.release();
    expect(granted).toEqual(['first', 'third']);
    expect(budget.retrying).toBe(2);
  });
});
