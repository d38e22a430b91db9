import { describe, expect, it } from 'vitest';
import { EMULATED_BALANCE_POLICIES } from '../../../src/model/index.js';
import { BALANCERS, TieredBalancer } from '../../../src/proxy/balancer/index.js';
import type { PickInput } from '../../../src/proxy/balancer/index.js';
import { TargetState } from '../../../src/proxy/target-state.js';
import { inFlight, target } from '../model.js';

/** A literal pool: sockets are not under test here (caddy selectionpolicies_test.go `testPool()`). */
function pool(n: number, weights: number[] = []): TargetState[] {
  return Array.from({ length: n }, (_, i) => new TargetState('g', target(`10.0.0.${i + 1}:80`, { weight: weights[i] ?? 1 }), 100));
}

function input(i: number, exclude?: Set<TargetState>): PickInput {
  return { clientIp: `192.168.${i % 250}.${(i * 7) % 250}`, headers: { 'x-user': `user-${i}`, cookie: `sid=s${i}` }, exclude };
}

const options = { hashOn: { header: 'x-user' } };

/** One suite, every balancer (ARCHITECTURE rule 9). */
describe.each([...EMULATED_BALANCE_POLICIES])('balancer %s', (name) => {
  const make = (targets: TargetState[]) => BALANCERS[name]!(targets, options);

  it('returns undefined when no target is available', () => {
    const targets = pool(3);
    for (const t of targets) t.set('failedActive', { reason: 'down', since: 0 });
    expect(make(targets).pick(input(1))).toBeUndefined();
    expect(make([]).pick(input(1))).toBeUndefined();
  });

  it('never returns an unavailable, full, zero-weight or excluded target', () => {
    const targets = pool(5, [1, 1, 1, 1, 0]);
    targets[0]!.set('ejected', { reason: 'x', since: 0 });
    inFlight(targets[1]!, targets[1]!.maxRequests);
    const exclude = new Set([targets[2]!]);
    const b = make(targets);
    for (let i = 0; i < 300; i++) expect(b.pick(input(i, exclude))).toBe(targets[3]);
  });

  it('spreads varied requests over every available target', () => {
    const targets = pool(4);
    const b = make(targets);
    const counts = new Map<TargetState, number>();
    for (let i = 0; i < 2000; i++) {
      const t = b.pick(input(i))!;
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    for (const t of targets) expect(counts.get(t) ?? 0).toBeGreaterThan(2000 / 4 / 3);
  });

  it('falls back to backup targets only when no primary is available', () => {
    const targets = [...pool(2), new TargetState('g', target('10.0.0.9:80', { backup: true }), 100)];
    const tiered = new TieredBalancer(BALANCERS[name]!, targets, options);
    for (let i = 0; i < 50; i++) expect(tiered.pick(input(i))!.target.backup).toBe(false);
    for (const t of targets.slice(0, 2)) t.set('failedActive', { reason: 'down', since: 0 });
    expect(tiered.pick(input(1))!.address).toBe('10.0.0.9:80');
  });
});

describe('balancer specifics', () => {
  it('round_robin is smooth and weighted: 5,1,1 → a a b a c a a', () => {
    const targets = pool(3, [5, 1, 1]);
    const b = BALANCERS.round_robin!(targets, {});
    const seq = Array.from({ length: 7 }, () => b.pick(input(0))!.address.slice(7, 8));
    expect(seq.join('')).toBe('1121311');
  });

  it('hash and ip_hash send the same key to the same target, and only its keys move when it goes', () => {
    for (const name of ['hash', 'ip_hash'] as const) {
      const targets = pool(4);
      const b = BALANCERS[name]!(targets, options);
      const before = Array.from({ length: 400 }, (_, i) => b.pick(input(i))!);
      expect(Array.from({ length: 400 }, (_, i) => b.pick(input(i))!)).toEqual(before);
      targets[0]!.set('ejected', { reason: 'x', since: 0 });
      const after = Array.from({ length: 400 }, (_, i) => b.pick(input(i))!);
      after.forEach((t, i) => {
        if (before[i] !== targets[0]) expect(t).toBe(before[i]);
      });
    }
  });

  it('least_request and p2c prefer the target with fewer requests in flight', () => {
    for (const name of ['least_request', 'p2c'] as const) {
      const targets = pool(2);
      inFlight(targets[0]!, 10);
      const b = BALANCERS[name]!(targets, {});
      for (let i = 0; i < 50; i++) expect(b.pick(input(i))).toBe(targets[1]);
    }
  });
});
