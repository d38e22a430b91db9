import { describe, expect, it } from 'vitest';
import { Breaker } from '../../src/proxy/breaker.js';
import { TargetState } from '../../src/proxy/target-state.js';
import { inFlight, target } from './model.js';

const policy = { failureRatio: 0.5, minRequests: 4, windowMs: 10_000, openForMs: 5_000 };

describe('circuit breaker: closed → open → half-open → closed, on an injected clock', () => {
  it('opens at the failure ratio once min_requests were seen, then lets one trial through', () => {
    const t = new TargetState('g', target('10.0.0.1:80'), 100);
    const b = new Breaker(policy, t);
    b.record(false, 0);
    b.record(false, 1);
    b.record(true, 2);
    expect(b.state).toBe('closed');
    b.record(false, 3);
    expect(b.state).toBe('open');
    expect(t.state()).toBe('open-circuit');
    expect(t.mainFlag()!.reason).toMatch(/75% of 4 requests failed/);
    expect(b.tick(4_000)).toBe(false);
    expect(b.tick(5_003)).toBe(true);
    expect(b.state).toBe('half-open');
    expect(t.healthy()).toBe(true);
    inFlight(t, 1);
    expect(t.available()).toBe(false);
    inFlight(t, 0);
    b.record(true, 5_100);
    expect(b.state).toBe('closed');
    inFlight(t, 50);
    expect(t.available()).toBe(true);
  });

  it('a failed half-open trial re-opens the circuit', () => {
    const t = new TargetState('g', target('10.0.0.1:80'), 100);
    const b = new Breaker(policy, t);
    for (let i = 0; i < 4; i++) b.record(false, i);
    b.tick(6_000);
    b.record(false, 6_001);
    expect(b.state).toBe('open');
    expect(b.openUntil).toBe(11_001);
  });

  it('forgets failures from an earlier window', () => {
    const t = new TargetState('g', target('10.0.0.1:80'), 100);
    const b = new Breaker(policy, t);
    for (let i = 0; i < 3; i++) b.record(false, i);
    for (let i = 0; i < 3; i++) b.record(true, 20_000 + i);
    b.record(false, 20_010);
    expect(b.state).toBe('closed');
  });
});
