import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSIVE, passivePolicies } from '../../../src/proxy/health/passive-policy.js';
import { group, passive, target } from '../model.js';

describe('which passive policy each target is held to', () => {
  it('a uh group without `passive` gets the default; one with `passive` gets what it wrote', () => {
    const plain = group('web', ['10.0.0.1:80', '10.0.0.2:80']);
    expect([...passivePolicies(plain, [])!.values()]).toEqual([DEFAULT_PASSIVE, DEFAULT_PASSIVE]);
    const written = group('web', ['10.0.0.1:80', '10.0.0.2:80'], { health: { passive: passive({ maxFailures: 7 }) } });
    expect([...passivePolicies(written, [])!.values()][0]).toMatchObject({ maxFailures: 7, consecutive: false, from: 'health.passive' });
    expect(passivePolicies(group('one', ['10.0.0.1:80']), [])).toBeUndefined();
  });

  it('an Envoy cluster without outlier_detection ejects nothing; with it, consecutive counts and at least one host', () => {
    expect(passivePolicies(group('c', ['10.0.0.1:80', '10.0.0.2:80'], { source: 'cluster' }), [])).toBeUndefined();
    const od = group('c', ['10.0.0.1:80', '10.0.0.2:80'], { source: 'cluster', health: { passive: passive({ maxFailures: 5, maxEjectedPercent: 10 }) } });
    expect([...passivePolicies(od, [])!.values()][0]).toMatchObject({ consecutive: true, atLeastOne: true, failureWindowMs: Infinity });
  });

  it('nginx: each server its own max_fails/fail_timeout (not growing), max_fails=0 off, a lone server never', () => {
    const servers = [
      target('10.0.0.1:80', { passive: { maxFails: 3, failTimeoutMs: 5_000 } }),
      target('10.0.0.2:80', { passive: { maxFails: 0, failTimeoutMs: 10_000 } }),
      target('10.0.0.3:80', { passive: { maxFails: 1, failTimeoutMs: 10_000 } }),
    ];
    const policies = passivePolicies(group('backend', servers, { source: 'upstream block' }), [502, 404])!;
    expect(policies.get(servers[0]!)).toMatchObject({ maxFailures: 3, failureWindowMs: 5_000, ejectForMs: 5_000, grows: false, unhealthyStatuses: [502] });
    expect(policies.has(servers[1]!)).toBe(false);
    expect(policies.get(servers[2]!)).toMatchObject({ maxFailures: 1, ejectForMs: 10_000 });
    const lone = group('one', [target('10.0.0.1:80', { passive: { maxFails: 1, failTimeoutMs: 10_000 } })], { source: 'upstream block' });
    expect(passivePolicies(lone, [])).toBeUndefined();
  });
});
