import { describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../src/model/index.js';
import type { AttemptOutcome } from '../../src/proxy/retry.js';
import { RETRY_RESERVE_PER_SEC, RetryBudget, parseRetryAfter, retryDelay, shouldRetry } from '../../src/proxy/retry.js';

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
    ['out of attempts', 3, refused, 'GET', ok, false],
    ['budget exhausted', 1, refused, 'GET', { ...ok, budgetOk: false }, false],
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

  it('honours Retry-After within the cap (seconds or HTTP-date)', () => {
    expect(retryDelay(1, { kind: 'status', status: 503, retryAfterMs: 100 }, policy, () => 0)).toBe(100);
    expect(retryDelay(1, { kind: 'status', status: 503, retryAfterMs: 5000 }, policy, () => 0.5)).toBe(12);
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  it('the budget lets retries be a share of active requests (at least one), plus a small burst reserve', () => {
    let now = 0;
    const budget = new RetryBudget(0.2, () => now);
    budget.active = 20;
    const granted = Array.from({ length: 30 }, () => budget.tryAcquire()).filter(Boolean).length;
    expect(granted).toBe(4 + RETRY_RESERVE_PER_SEC);
    expect(budget.tryAcquire()).toBe(false);
    for (let i = 0; i < granted - 3; i++) budget.release();
    expect(budget.tryAcquire()).toBe(true);
    now += 500;
    const refilled = Array.from({ length: 30 }, () => budget.tryAcquire()).filter(Boolean).length;
    expect(refilled).toBe(RETRY_RESERVE_PER_SEC / 2);
    const lone = new RetryBudget(0.2, () => 0);
    lone.active = 1;
    expect(lone.tryAcquire()).toBe(true);
    for (let i = 0; i < RETRY_RESERVE_PER_SEC; i++) expect(lone.tryAcquire()).toBe(true);
    expect(lone.tryAcquire()).toBe(false);
  });
});
