import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnosis/diagnose.js';
import { blockedSkip, skipped } from '../../src/probes/types.js';
import { config, group, healthy, refused, result, run, target } from './builders.js';

describe('ranking: the root cause first, its symptoms folded in', () => {
  it('two refusing targets make ONE tcp-refused finding listing both, and the group has no healthy upstream', () => {
    const a = target('127.0.0.1:9001');
    const b = target('127.0.0.1:9002');
    const users = group('users', [a, b]);
    const d = diagnose(config([users]), [run(users, a, refused(a.address)), run(users, b, refused(b.address))], { offline: false });
    const top = d.findings[0]!;
    expect(top).toMatchObject({ rank: 1, cause: 'tcp-refused', layer: 'tcp', severity: 'critical', group: 'users' });
    expect(top.targets).toEqual(['127.0.0.1:9001', '127.0.0.1:9002']);
    expect(top.evidence).toContain('connect ECONNREFUSED 127.0.0.1:9001 after 0.4 ms');
    expect(top.evidence).toEqual([
      'connect ECONNREFUSED 127.0.0.1:9001 after 0.4 ms',
      'connect ECONNREFUSED 127.0.0.1:9002 after 0.4 ms',
      'tls, http, h2 checks skipped: tcp failed: ECONNREFUSED',
    ]);
    expect(d.findings.filter((f) => f.cause === 'tcp-refused')).toHaveLength(1);
    expect(d.groups[0]!.verdict).toBe('no-healthy-upstream');
    expect(d.verdict).toBe('no-healthy-upstream');
  });

  it('a later-layer failure on the same target is evidence of the root, never a separate equal finding', () => {
    const t = target('127.0.0.1:9443');
    const g = group('payments', [t], { protocol: 'h2c' });
    const results = [
      result('tcp', 'pass', 'connected'),
      result('http', 'fail', 'connection closed', { cause: 'health-status-mismatch', evidence: ['closed without a response'] }),
      result('h2', 'fail', 'h2c preface refused', { cause: 'protocol-h2-unsupported', evidence: ['preface answered by HTTP/1.1 400'] }),
    ];
    const d = diagnose(config([g]), [run(g, t, results)], { offline: false });
    const probeFindings = d.findings.filter((f) => f.layer !== 'config');
    expect(probeFindings.map((f) => f.cause)).toEqual(['protocol-h2-unsupported']);
    expect(probeFindings[0]!.evidence).toContain('symptom health-status-mismatch: closed without a response');
  });

  it('no-healthy-upstream outranks degraded at equal severity', () => {
    const down1 = target('127.0.0.1:9001');
    const ok = target('127.0.0.1:9002');
    const bad = target('127.0.0.1:9003');
    const search = group('aaa-search', [ok, bad]);
    const users = group('users', [down1]);
    const timeout = result('tcp', 'fail', 'connect timeout', { cause: 'tcp-timeout', confidence: 0.99 });
    const d = diagnose(config([search, users]), [
      run(search, ok, healthy()),
      run(search, bad, [timeout, blockedSkip('http', { probe: 'tcp', code: 'CONNECT_TIMEOUT' })]),
      run(users, down1, refused(down1.address)),
    ], { offline: false });
    expect(d.groups.map((g) => [g.name, g.verdict])).toEqual([['aaa-search', 'degraded'], ['users', 'no-healthy-upstream']]);
    const critical = d.findings.filter((f) => f.severity === 'critical').map((f) => `${f.group}/${f.cause}`);
    expect(critical).toEqual(['users/tcp-refused', 'aaa-search/tcp-timeout']);
    expect(d.verdict).toBe('no-healthy-upstream');
  });

  it('critical findings come before warnings, and ranks are 1..n in order', () => {
    const t = target('127.0.0.1:9001');
    const g = group('users', [t], { health: {} });
    const d = diagnose(config([g]), [run(g, t, refused(t.address))], { offline: false });
    expect(d.findings.map((f) => f.rank)).toEqual(d.findings.map((_, i) => i + 1));
    const severities = d.findings.map((f) => f.severity);
    expect(severities.indexOf('warning')).toBeGreaterThan(severities.lastIndexOf('critical'));
    expect(d.findings.map((f) => f.cause)).toEqual(expect.arrayContaining(['tcp-refused', 'config-no-health-check', 'config-single-member']));
  });

  it('a warning that does not fail the target stands on its own and keeps the target healthy', () => {
    const t = target('10.0.0.1:443');
    const g = group('billing', [t, target('10.0.0.2:443')]);
    const expiring = result('tls', 'warn', 'certificate expires in 3 days', { cause: 'tls-cert-expiring', severity: 'warning', evidence: ['notAfter 2026-11-24'] });
    const d = diagnose(config([g]), [
      run(g, t, [result('tcp', 'pass', 'ok'), expiring, result('http', 'pass', 'ok', undefined, { latencyMs: 4 })]),
      run(g, g.targets[1]!, healthy()),
    ], { offline: false });
    expect(d.groups[0]!.verdict).toBe('healthy');
    expect(d.findings[0]).toMatchObject({ cause: 'tls-cert-expiring', severity: 'warning', targets: ['10.0.0.1:443'] });
  });

  it('at equal severity and verdict, a cause observed on the target ranks above a risk read from the config, whatever the confidence', () => {
    const t = target('127.0.0.1:9001');
    const g = group('users', [t], { health: {} });
    const flapping = result('http', 'warn', '1/3 samples pass', { cause: 'upstream-flapping', severity: 'warning', confidence: 0.5 });
    const d = diagnose(config([g]), [run(g, t, [result('tcp', 'pass', 'ok'), flapping])], { offline: false });
    expect(d.findings.map((f) => [f.cause, f.severity])).toEqual([
      ['upstream-flapping', 'warning'], ['config-no-health-check', 'warning'], ['config-single-member', 'warning'],
    ]);
  });

  it('evidence kind does not outrank severity: a critical config risk stays above an observed warning', () => {
    const t = target('127.0.0.1:9001', { down: true });
    const g = group('users', [t]);
    const flapping = result('http', 'warn', '1/3 samples pass', { cause: 'upstream-flapping', severity: 'warning' });
    const d = diagnose(config([g]), [run(g, t, [result('tcp', 'pass', 'ok'), flapping])], { offline: false });
    expect(d.findings[0]).toMatchObject({ cause: 'config-all-members-down', severity: 'critical' });
    expect(d.findings[1]).toMatchObject({ cause: 'upstream-flapping' });
  });

  it('a fault the config makes certain (every member down) ranks above what a probe observed at the same severity', () => {
    const t = target('127.0.0.1:9001', { down: true });
    const g = group('users', [t]);
    const d = diagnose(config([g]), [run(g, t, refused(t.address))], { offline: false });
    expect(d.findings.slice(0, 2).map((f) => f.cause)).toEqual(['config-all-members-down', 'tcp-refused']);
  });

  it('causes named in `ignore:` are reported, marked ignored, and ranked after the rest', () => {
    const t = target('127.0.0.1:9001');
    const g = group('users', [t]);
    const d = diagnose(config([g], { ignore: ['config-single-member', 'tcp-refused'] }), [run(g, t, refused(t.address))], { offline: false });
    const ignored = d.findings.filter((f) => f.ignored).map((f) => f.cause);
    expect(ignored.sort()).toEqual(['config-single-member', 'tcp-refused']);
    expect(d.findings.at(-1)!.ignored).toBe(true);
    expect(d.findings.findIndex((f) => f.ignored)).toBe(d.findings.length - 2);
  });

  it('a dns failure is the root for every address, and the target is unhealthy', () => {
    const t = target('users.internal:8080');
    const g = group('users', [t]);
    const dns = result('dns', 'fail', 'NXDOMAIN users.internal', { cause: 'dns-nxdomain', evidence: ['users.internal: NXDOMAIN from 127.0.0.1:5353'] });
    const r = { group: g, target: t, dns, paths: [{ results: [blockedSkip('tcp', { probe: 'dns', code: 'NXDOMAIN' }), blockedSkip('http', { probe: 'dns', code: 'NXDOMAIN' })] }] };
    const d = diagnose(config([g]), [r], { offline: false });
    expect(d.findings[0]).toMatchObject({ cause: 'dns-nxdomain', layer: 'dns' });
    expect(d.findings[0]!.evidence).toContain('tcp, http checks skipped: dns failed: NXDOMAIN');
    expect(d.groups[0]).toMatchObject({ verdict: 'no-healthy-upstream', targets: [{ healthy: false }] });
  });

  it('nothing probed (placeholders skip) gives an unknown group, never a healthy one', () => {
    const t = target('127.0.0.1:9001');
    const g = group('users', [t, target('127.0.0.1:9002')]);
    const d = diagnose(config([g]), [run(g, t, [skipped('tcp', 'not built'), skipped('http', 'not built')])], { offline: false });
    expect(d.groups[0]!.verdict).toBe('unknown');
    expect(d.groups[0]!.targets.every((x) => !x.healthy)).toBe(true);
  });
});
