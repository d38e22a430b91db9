import { describe, expect, it } from 'vitest';
import {
  allMembersDown, dynamicEndpoints, healthTimeoutExceedsInterval, noHealthCheck, noResolver, singleMember, staleDns,
  tlsNotVerified, upstreamHttp10, upstreamUndefined,
} from '../../../src/diagnosis/rules/config-rules.js';
import { activeCheck, config, group, loc, target } from '../builders.js';

const tls = { autoSni: false, verify: false, subjectAltNames: [], alpn: [], declared: {}, loc: loc(8) };
const two = () => [target('10.0.0.1:80'), target('10.0.0.2:80')];

describe('static config rules', () => {
  it('config-upstream-undefined: a route to a group that does not exist, with where it is written', () => {
    const c = config([group('users', two())], {
      routes: [{ match: { pathPrefix: '/' }, upstream: 'userz', via: 'proxy_pass', listener: 'server :80', loc: loc(42, 'nginx.conf') }],
    });
    const [finding, ...rest] = upstreamUndefined(c);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ cause: 'config-upstream-undefined', severity: 'critical', group: 'userz', loc: { line: 42 } });
    expect(finding!.evidence[0]).toContain('proxy_pass → `userz` at nginx.conf:42');
    expect(upstreamUndefined(config([group('users', two())]))).toEqual([]);
  });

  it('config-all-members-down: every primary down or weight 0, or only backups', () => {
    expect(allMembersDown(config([group('a', [target('10.0.0.1:80', { down: true }), target('10.0.0.2:80', { weight: 0 })])]))[0]!.evidence[0])
      .toBe('10.0.0.1:80 is marked down; 10.0.0.2:80 has weight 0');
    expect(allMembersDown(config([group('b', [target('10.0.0.1:80', { backup: true })])]))[0]!.evidence[0]).toContain('backups');
    expect(allMembersDown(config([group('c', [target('10.0.0.1:80', { down: true }), target('10.0.0.2:80')])]))).toEqual([]);
  });

  it('config-no-health-check: says whether passive checks exist', () => {
    const nginxStyle = group('u', [target('10.0.0.1:80', { passive: { maxFails: 1, failTimeoutMs: 10_000 } })], { health: {} });
    const [f] = noHealthCheck(config([nginxStyle]));
    expect(f).toMatchObject({ cause: 'config-no-health-check', severity: 'warning' });
    expect(f!.evidence[0]).toBe('only passive checks (max_fails=1 fail_timeout=10s)');
    expect(noHealthCheck(config([group('v', two())]))).toEqual([]);
  });

  it('config-single-member: one target is no redundancy', () => {
    expect(singleMember(config([group('u', [target('10.0.0.1:80')])]))[0]).toMatchObject({ targets: ['10.0.0.1:80'] });
    expect(singleMember(config([group('u', two())]))).toEqual([]);
  });

  it('config-health-timeout-exceeds-interval: timeout ≥ interval', () => {
    const g = group('u', two(), { health: { active: activeCheck({ intervalMs: 2000, timeoutMs: 3000 }) } });
    expect(healthTimeoutExceedsInterval(config([g]))[0]!.evidence[0]).toBe('check timeout 3s ≥ interval 2s (uh)');
    expect(healthTimeoutExceedsInterval(config([group('v', two())]))).toEqual([]);
  });

  it('config-dynamic-endpoints: EDS clusters are named, not probed', () => {
    const g = group('eds', [], { discovery: 'dynamic', clusterType: 'EDS', source: 'cluster' });
    expect(dynamicEndpoints(config([g]))[0]!.evidence[0]).toBe('endpoints come from cluster type EDS, not from the file; not probed');
  });

  it('config-no-resolver: nginx `resolve` or a variable proxy_pass without a resolver', () => {
    const nginx = { source: { path: 'nginx.conf', format: 'nginx' as const, files: ['nginx.conf'] } };
    const g = group('u', [target('api.internal:80', { host: 'api.internal', resolve: true })], { discovery: 'dns-refresh' });
    const unresolved = [{ directive: 'proxy_pass', text: 'http://$backend', loc: loc(12, 'nginx.conf') }];
    const found = noResolver(config([g], { ...nginx, unresolved }));
    expect(found.map((f) => f.group)).toEqual(['u', '']);
    expect(found[1]!.evidence[0]).toContain('proxy_pass http://$backend holds a variable');
    const withResolver = config([g], { ...nginx, unresolved, resolvers: [{ host: '127.0.0.1', port: 53 }] });
    expect(noResolver(withResolver)).toEqual([]);
  });

  it('config-stale-dns: host names resolved once at start-up', () => {
    const g = group('u', [target('api.internal:80', { host: 'api.internal' }), target('10.0.0.9:80')], { discovery: 'dns-once' });
    const [f] = staleDns(config([g]));
    expect(f).toMatchObject({ cause: 'config-stale-dns', targets: ['api.internal:80'] });
  });

  it('config-tls-not-verified and config-upstream-http10', () => {
    expect(tlsNotVerified(config([group('u', two(), { tls })]))[0]).toMatchObject({
      cause: 'config-tls-not-verified', loc: { line: 8 }, evidence: ['TLS upstream without verifying the certificate (verify: false)'],
    });
    expect(tlsNotVerified(config([group('u', two(), { tls: { ...tls, verify: true } })]))).toEqual([]);
    expect(upstreamHttp10(config([group('u', two(), { protocol: 'http1.0' })]))[0]!.cause).toBe('config-upstream-http10');
    expect(upstreamHttp10(config([group('u', two())]))).toEqual([]);
  });
});
