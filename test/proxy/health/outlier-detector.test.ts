import { describe, expect, it } from 'vitest';
import type { PassiveHealthCheck } from '../../../src/model/index.js';
import { OutlierDetector } from '../../../src/proxy/health/outlier-detector.js';
import type { PassivePolicy } from '../../../src/proxy/health/passive-policy.js';
import { DEFAULT_PASSIVE, fromGroupCheck } from '../../../src/proxy/health/passive-policy.js';
import { TargetState } from '../../../src/proxy/target-state.js';
import { passive, target } from '../model.js';

function targets(n: number): TargetState[] {
  return Array.from({ length: n }, (_, i) => new TargetState('g', target(`10.0.0.${i + 1}:80`), 100));
}

/** Every target under one policy (a uh `health.passive` unless given a PassivePolicy). */
function detector(policy: PassiveHealthCheck | PassivePolicy, ts: readonly TargetState[]): OutlierDetector {
  const p = 'consecutive' in policy ? policy : fromGroupCheck(policy);
  return new OutlierDetector(new Map(ts.map((t) => [t, p])), ts);
}

describe('outlier detector (passive health) on an injected clock', () => {
  it('ejects after max_failures local-origin failures in the window, and recovers by itself', () => {
    const ts = targets(2);
    const d = detector(passive({ maxFailures: 3, ejectForMs: 1000 }), ts);
    d.localFailure(ts[0]!, 'ECONNREFUSED', 'tcp-refused', 0);
    d.localFailure(ts[0]!, 'ECONNREFUSED', 'tcp-refused', 10);
    expect(ts[0]!.healthy()).toBe(true);
    expect(d.localFailure(ts[0]!, 'ECONNREFUSED', 'tcp-refused', 20)).toBe(true);
    expect(ts[0]!.state()).toBe('ejected');
    expect(ts[0]!.mainFlag()).toMatchObject({ cause: 'tcp-refused', until: 1020 });
    expect(ts[0]!.mainFlag()!.reason).toMatch(/3 local-origin failures/);
    expect(d.tick(500)).toBe(1020);
    d.tick(1020);
    expect(ts[0]!.healthy()).toBe(true);
  });

  it('counts upstream statuses apart from local failures, and only unhealthy_statuses', () => {
    const ts = targets(2);
    const d = detector(passive({ maxFailures: 3 }), ts);
    d.localFailure(ts[0]!, 'ECONNRESET', 'tcp-reset', 0);
    d.status(ts[0]!, 503, 1);
    d.status(ts[0]!, 500, 2);
    d.localFailure(ts[0]!, 'ECONNRESET', 'tcp-reset', 3);
    expect(ts[0]!.healthy()).toBe(true);
    d.status(ts[0]!, 502, 4);
    d.status(ts[0]!, 504, 5);
    expect(ts[0]!.mainFlag()!.reason).toMatch(/3 upstream error statuses .*HTTP 504/);
  });

  it('failures outside the window do not add up', () => {
    const ts = targets(2);
    const d = detector(passive({ maxFailures: 3, failureWindowMs: 100 }), ts);
    for (let i = 0; i < 10; i++) d.localFailure(ts[0]!, 'x', undefined, i * 60);
    expect(ts[0]!.healthy()).toBe(true);
  });

  it('ejects longer on each repeat', () => {
    const ts = targets(2);
    const d = detector(passive({ maxFailures: 1, ejectForMs: 1000 }), ts);
    d.localFailure(ts[0]!, 'x', undefined, 0);
    d.tick(1000);
    d.localFailure(ts[0]!, 'x', undefined, 2000);
    expect(ts[0]!.flag('ejected')!.until).toBe(4000);
  });

  it('never ejects more than max_ejected_percent of the group', () => {
    const ts = targets(4);
    const d = detector(passive({ maxFailures: 1, maxEjectedPercent: 50 }), ts);
    for (const t of ts) d.localFailure(t, 'x', undefined, 0);
    expect(ts.filter((t) => t.state() === 'ejected')).toHaveLength(2);
  });

  it('the default (no passive key): 5 consecutive local-origin failures eject; an answer in between starts the count again', () => {
    const ts = targets(2);
    const d = detector(DEFAULT_PASSIVE, ts);
    for (let i = 0; i < 4; i++) d.localFailure(ts[0]!, 'ECONNREFUSED', 'tcp-refused', i);
    d.status(ts[0]!, 200, 5);
    for (let i = 0; i < 4; i++) d.localFailure(ts[0]!, 'ECONNREFUSED', 'tcp-refused', 10 + i);
    expect(ts[0]!.healthy()).toBe(true);
    // A live app's 5xx is its answer: it never ejects by default.
    for (let i = 0; i < 20; i++) d.status(ts[1]!, 503, 20 + i);
    expect(ts[1]!.healthy()).toBe(true);
    expect(d.localFailure(ts[0]!, 'ECONNREFUSED', 'tcp-refused', 100)).toBe(true);
    expect(ts[0]!.flag('ejected')).toMatchObject({ until: 30_100, cause: 'tcp-refused' });
    expect(ts[0]!.flag('ejected')!.reason).toMatch(/5 consecutive local-origin failures/);
  });

  it('the default ejects at least one target whatever max_ejected_percent (10 %) says, as Envoy does, and no second one of two', () => {
    const ts = targets(2);
    const d = detector(DEFAULT_PASSIVE, ts);
    for (const t of ts) for (let i = 0; i < 5; i++) d.localFailure(t, 'x', undefined, i);
    expect(ts.map((t) => t.state())).toEqual(['ejected', 'healthy']);
  });

  it('an active check that passes brings an ejected target back at once (Envoy successful_active_health_check_uneject_host)', () => {
    const ts = targets(2);
    const d = detector(DEFAULT_PASSIVE, ts);
    for (let i = 0; i < 5; i++) d.localFailure(ts[0]!, 'x', undefined, i);
    expect(ts[0]!.state()).toBe('ejected');
    d.activePassed(ts[0]!, 10);
    expect(ts[0]!.healthy()).toBe(true);
  });
});
