import { describe, expect, it } from 'vitest';
import { OutlierDetector } from '../../../src/proxy/health/outlier-detector.js';
import { TargetState } from '../../../src/proxy/target-state.js';
import { passive, target } from '../model.js';

function targets(n: number): TargetState[] {
  return Array.from({ length: n }, (_, i) => new TargetState('g', target(`10.0.0.${i + 1}:80`), 100));
}

describe('outlier detector (passive health) on an injected clock', () => {
  it('ejects after max_failures local-origin failures in the window, and recovers by itself', () => {
    const ts = targets(2);
    const d = new OutlierDetector(passive({ maxFailures: 3, ejectForMs: 1000 }), ts);
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
    const d = new OutlierDetector(passive({ maxFailures: 3 }), ts);
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
    const d = new OutlierDetector(passive({ maxFailures: 3, failureWindowMs: 100 }), ts);
    for (let i = 0; i < 10; i++) d.localFailure(ts[0]!, 'x', undefined, i * 60);
    expect(ts[0]!.healthy()).toBe(true);
  });

  it('ejects longer on each repeat', () => {
    const ts = targets(2);
    const d = new OutlierDetector(passive({ maxFailures: 1, ejectForMs: 1000 }), ts);
    d.localFailure(ts[0]!, 'x', undefined, 0);
    d.tick(1000);
    d.localFailure(ts[0]!, 'x', undefined, 2000);
    expect(ts[0]!.flag('ejected')!.until).toBe(4000);
  });

  it('never ejects more than max_ejected_percent of the group', () => {
    const ts = targets(4);
    const d = new OutlierDetector(passive({ maxFailures: 1, maxEjectedPercent: 50 }), ts);
    for (const t of ts) d.localFailure(t, 'x', undefined, 0);
    expect(ts.filter((t) => t.state() === 'ejected')).toHaveLength(2);
  });
});
