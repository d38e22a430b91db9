import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { parseFixture, parseText, UH_FIXTURES } from './helpers.js';

describe('a uh YAML file with every key (CONTRACT.md §5) becomes the model', () => {
  const config = parseFixture('full.yaml');
  const users = config.groups[0]!;

  it('reads the serve, resolver and ignore settings', () => {
    expect(config.source).toEqual({ path: 'full.yaml', format: 'uh', files: ['full.yaml'] });
    expect(config.serve).toEqual({ listen: '127.0.0.1:8080', admin: '127.0.0.1:9901', accessLog: 'stdout' });
    expect(config.resolvers).toEqual([{ host: '127.0.0.1', port: 53, loc: { file: 'full.yaml', line: 6, column: 13 } }]);
    expect(config.ignore).toEqual(['config-single-member']);
    expect(users.resolvers).toEqual(config.resolvers);
  });

  it('keeps each target as written, with its position; host names are re-resolved (dns-refresh)', () => {
    expect(users.source).toBe('uh');
    expect(users.discovery).toBe('dns-refresh');
    expect(users.loc).toEqual({ file: 'full.yaml', line: 9, column: 3 });
    expect(users.targets.map((t) => [t.address, t.host, t.port, t.weight, t.backup, t.down, t.resolve, t.loc.line])).toEqual([
      ['users-1.internal:8080', 'users-1.internal', 8080, 1, false, false, true, 11],
      ['10.0.0.12:8080', '10.0.0.12', 8080, 3, false, false, false, 15],
      ['[::1]:8081', '::1', 8081, undefined, true, false, false, 17],
    ]);
  });

  it('reads the active check in model units and keeps what was declared', () => {
    const active = users.health.active!;
    expect(active).toMatchObject({
      type: 'http', path: '/health', method: 'GET', intervalMs: 5000, timeoutMs: 1000, rise: 2, fall: 3, jitter: 0.1,
      unhealthyIntervalMs: 1000, origin: 'uh', expectBody: { kind: 'substring', value: 'ok' },
      expectStatus: [{ from: 200, to: 200 }, { from: 300, to: 399 }],
    });
    expect(active.declared).toMatchObject({ interval: '5s', jitter: '10%', expect_status: [200, '300-399'] });
    expect(active.loc.line).toBe(26);
  });

  it('reads passive checking, TLS (trust store relative to the config), balancing, retries and the breaker', () => {
    expect(users.health.passive).toMatchObject({ maxFailures: 5, failureWindowMs: 10_000, unhealthyStatuses: [502, 503, 504], ejectForMs: 30_000, maxEjectedPercent: 50 });
    expect(users.tls).toMatchObject({ sni: 'users.internal', autoSni: false, verify: true, ca: resolve('ca.pem'), minVersion: 'TLSv1.2', alpn: ['http/1.1'] });
    expect(users.tls?.declared).toEqual({ sni: 'users.internal', verify: true, ca: './ca.pem', min_version: 'TLSv1.2' });
    expect([users.balance, users.hashOn, users.sticky]).toEqual(['hash', { header: 'X-User-Id' }, { learn: 'Mcp-Session-Id', ttlMs: 1_800_000 }]);
    expect(users.timeouts).toEqual({ connectMs: 1000, requestMs: 30_000 });
    expect(users.retries).toEqual({ attempts: 2, on: ['connect_failure', '502', '503'], backoffMs: 25, maxBackoffMs: 250, budget: 0.2 });
    expect(users.circuitBreaker).toEqual({ failureRatio: 0.5, minRequests: 20, windowMs: 10_000, openForMs: 30_000 });
    expect([users.maxRequests, users.onAllUnhealthy, users.explain]).toEqual([1000, 'fail_closed', 'summary']);
  });

  it('reads routes with their match and listener', () => {
    expect(config.routes).toEqual([{
      match: { pathPrefix: '/users', host: 'api.example.com', method: 'GET' }, upstream: 'users', via: 'route',
      listener: '127.0.0.1:8080', loc: { file: 'full.yaml', line: 55, column: 5 },
    }]);
    expect(config.notes).toEqual([]);
  });
});

describe('defaults fill what a minimal file leaves out', () => {
  const config = parseFixture('minimal.yaml');
  const api = config.groups[0]!;

  it('one group, static discovery, p2c, http1, fail closed, summary 503s, 1s/30s timeouts', () => {
    expect(api).toMatchObject({ name: 'api', discovery: 'static', protocol: 'http1', balance: 'p2c', onAllUnhealthy: 'fail_closed', explain: 'summary' });
    expect(api.timeouts).toEqual({ connectMs: 1000, requestMs: 30_000 });
    expect(api.targets[0]!.weight).toBeUndefined();
    expect(api.targets[0]).toMatchObject({ backup: false, down: false, resolve: false, socket: 'inet' });
    expect([api.tls, api.retries, api.circuitBreaker, api.sticky]).toEqual([undefined, undefined, undefined, undefined]);
    expect(config.serve).toEqual({ accessLog: 'stdout' });
    expect([config.routes, config.ignore, config.resolvers]).toEqual([[], [], []]);
  });

  it('no health.active means no active check (diagnose reports config-no-health-check)', () => {
    expect(api.health).toEqual({});
  });

  it('an empty active check gets the documented defaults', () => {
    const active = parseText('upstreams:\n  a:\n    targets: [{address: 127.0.0.1:1}]\n    health: {active: {}}\n').groups[0]!.health.active;
    expect(active).toMatchObject({ type: 'http', path: '/', method: 'GET', intervalMs: 5000, timeoutMs: 1000, rise: 2, fall: 3, jitter: 0.1, expectStatus: [{ from: 200, to: 399 }] });
    expect(active?.unhealthyIntervalMs).toBeUndefined();
  });

  it('tls: with no keys verifies, sends the target host as SNI, and offers h2 for grpc', () => {
    const group = parseText('upstreams:\n  a:\n    protocol: grpc\n    targets: [{address: a.internal:443}]\n    tls:\n').groups[0]!;
    expect(group.tls).toMatchObject({ verify: true, autoSni: true, alpn: ['h2'], subjectAltNames: [] });
    expect(group.tls?.sni).toBeUndefined();
  });
});

describe('check types follow the protocol; odd targets and dangling routes are kept', () => {
  const config = parseFixture('grpc-and-mcp.yaml');
  const [orders, tools, legacy] = config.groups;

  it('a grpc group is checked with grpc.health.v1, an mcp group with initialize', () => {
    expect(orders!.health.active).toMatchObject({ type: 'grpc', grpcService: 'orders.v1.Orders' });
    expect(orders!.health.active?.path).toBeUndefined();
    expect(tools!.health.active).toMatchObject({ type: 'mcp', path: '/mcp', intervalMs: 10_000, timeoutMs: 2000, expectStatus: [] });
  });

  it('unix sockets and IPv6 literals are static; down targets stay in the model', () => {
    expect(tools!.discovery).toBe('static');
    expect(tools!.targets.map((t) => [t.address, t.socket, t.host, t.port])).toEqual([
      ['unix:/run/tools.sock', 'unix', '/run/tools.sock', undefined],
      ['[::1]:3000', 'inet', '::1', 3000],
    ]);
    expect(legacy!.targets[0]!.down).toBe(true);
  });

  it('a route to an undefined group is kept for diagnose (config-upstream-undefined), not rejected', () => {
    expect(config.routes.map((r) => [r.upstream, r.match])).toEqual([
      ['orders', {}],
      ['tools', { path: '/mcp' }],
      ['billing', { pathPrefix: '/billing' }],
    ]);
  });
});

describe('YAML conveniences and soft problems', () => {
  it('merge keys and top-level x- anchors share settings; own keys win', () => {
    const config = parseFixture('anchors.yaml');
    const [users, billing] = config.groups;
    expect(users!.health.active).toMatchObject({ path: '/healthz', intervalMs: 2000, timeoutMs: 500 });
    expect(billing!.health.passive?.maxFailures).toBe(3);
    expect(users!.timeouts).toEqual({ connectMs: 250, requestMs: 5000 });
    expect(billing!.timeouts).toEqual({ connectMs: 2000, requestMs: 10_000 });
    expect(billing!.tls).toMatchObject({ sni: 'billing.internal', verify: false });
  });

  it('keys a check type ignores, and hash_on without balance: hash, are warnings with a position', () => {
    const config = parseText([
      'upstreams:',
      '  a:',
      '    targets: [{address: 127.0.0.1:1}]',
      '    hash_on: {cookie: sid}',
      '    health:',
      '      active: {type: tcp, path: /health}',
    ].join('\n'));
    expect(config.notes.map((n) => [n.severity, n.message, n.loc?.line])).toEqual([
      ['warning', 'upstreams.a.hash_on: ignored unless balance is hash (it is p2c)', 4],
      ['warning', 'upstreams.a.health.active.path: ignored by tcp checks (used by http, mcp)', 6],
    ]);
    expect(config.groups[0]!.health.active?.path).toBeUndefined();
  });

  it('a /regex/flags body match is a regular expression', () => {
    const active = parseText('upstreams:\n  a:\n    targets: [{address: 127.0.0.1:1}]\n    health: {active: {expect_body: "/\\"status\\":\\\\s*\\"up\\"/i"}}\n').groups[0]!.health.active;
    expect(active?.expectBody).toEqual({ kind: 'regex', value: '"status":\\s*"up"', flags: 'i' });
  });

  it('a file of aliases that expands beyond bounds is refused quickly, not expanded', () => {
    const lines = ['x-t: &t {address: 127.0.0.1:1}', `x-l: &l [${Array(1000).fill('*t').join(', ')}]`, 'x-g: &g {targets: *l}', 'upstreams:'];
    for (let i = 0; i < 1000; i++) lines.push(`  g${i}: *g`);
    const started = performance.now();
    expect(() => parseText(lines.join('\n'))).toThrow(/aliases expand the document beyond \d+ nodes/);
    expect(performance.now() - started).toBeLessThan(25_000);
  });

  it('fixtures live where the helpers say', () => {
    expect(UH_FIXTURES).toMatch(/test\/fixtures\/config\/uh\/$/);
  });
});
