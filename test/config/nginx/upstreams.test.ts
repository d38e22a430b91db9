import { describe, expect, it } from 'vitest';
import { group, parse } from './parse-helpers.js';

describe('upstream blocks become groups with their members as written', () => {
  const cfg = parse(`
http {
  upstream api {
    zone api 64k;
    least_conn;
    keepalive 32;
    keepalive_timeout 30s;
    server 10.0.0.1:8080 weight=5 max_fails=3 fail_timeout=15s;
    server [::1]:8081 backup;
    server api-3.internal down slow_start=30s max_conns=100;
    server unix:/run/api.sock;
  }
}`);
  const api = group(cfg, 'api');

  it('reads every server parameter: weight, flags, other params as strings, per-member passive checks', () => {
    expect(api.source).toBe('upstream block');
    expect(api.context).toBe('http');
    expect(api.targets.map((t) => t.address)).toEqual(['10.0.0.1:8080', '[::1]:8081', 'api-3.internal', 'unix:/run/api.sock']);
    const [a, b, c, d] = api.targets;
    expect(a).toMatchObject({ host: '10.0.0.1', port: 8080, weight: 5, params: { max_fails: '3', fail_timeout: '15s' } });
    expect(a!.passive).toEqual({ maxFails: 3, failTimeoutMs: 15_000 });
    expect(b).toMatchObject({ host: '::1', port: 8081, backup: true, flags: ['backup'] });
    expect(b!.weight).toBeUndefined();
    expect(c).toMatchObject({ host: 'api-3.internal', defaultPort: 80, down: true, params: { slow_start: '30s', max_conns: '100' } });
    expect(c!.port).toBeUndefined();
    expect(c!.passive).toEqual({ maxFails: 1, failTimeoutMs: 10_000 });
    expect(d).toMatchObject({ socket: 'unix', host: '/run/api.sock' });
  });

  it('keeps group directives as written, maps the balancing method, and reads keepalive_timeout as idle', () => {
    expect(api.params).toEqual({ zone: 'api 64k', least_conn: '', keepalive: '32', keepalive_timeout: '30s' });
    expect(api.balance).toBe('least_request');
    expect(api.timeouts.idleMs).toBe(30_000);
  });

  it('says the members are resolved once at start-up when a host name is written without resolve', () => {
    expect(api.discovery).toBe('dns-once');
  });

  it('distinguishes static, dns-refresh (resolve) and dynamic (no servers, SRV service=) discovery', () => {
    const c = parse(`
http {
  resolver 10.0.0.53:5353 valid=10s ipv6=off;
  upstream s { server 10.0.0.1:80; server 10.0.0.2:80; }
  upstream r { zone r 64k; server app.internal:80 resolve; }
  upstream srv { zone srv 64k; server service.consul service=web resolve; }
  upstream api { zone api 64k; state /var/lib/nginx/state/api.state; }
  upstream h { hash $request_uri consistent; server 10.0.0.1; }
  upstream p { random two least_conn; server 10.0.0.1; }
  upstream t { least_time header inflight; server 10.0.0.1; }
  upstream i { ip_hash; server 10.0.0.1; }
}`);
    expect(c.groups.map((g) => [g.name, g.discovery])).toEqual([
      ['s', 'static'],
      ['r', 'dns-refresh'],
      ['srv', 'dynamic'],
      ['api', 'dynamic'],
      ['h', 'static'],
      ['p', 'static'],
      ['t', 'static'],
      ['i', 'static'],
    ]);
    expect(group(c, 'h')).toMatchObject({ balance: 'hash', hashOn: { expression: '$request_uri' } });
    expect(group(c, 'p').balance).toBe('p2c');
    expect(group(c, 't').balance).toBe('other:least_time header inflight');
    expect(group(c, 'i').balance).toBe('ip_hash');
    expect(c.resolvers).toEqual([{ host: '10.0.0.53', port: 5353, loc: { file: 'nginx.conf', line: 3, column: 3 }, ipv6: false }]);
    expect(group(c, 'r').resolvers.map((r) => r.host)).toEqual(['10.0.0.53']);
  });

  it('treats servers of a balancer_by_lua_block upstream as placeholders: the peers are dynamic', () => {
    const c = parse('http { upstream b { server 0.0.0.1; balancer_by_lua_block { local b = require "ngx.balancer" } } }');
    expect(group(c, 'b')).toMatchObject({ discovery: 'dynamic', params: { balancer_by_lua_block: 'present' } });
  });

  it('reads Plus "sticky learn" as session affinity learned from the upstream, and a shared max_conns as the group limit', () => {
    const c = parse(`
upstream a { zone a 64k; server 10.0.0.1 max_conns=50; server 10.0.0.2 max_conns=50;
  sticky learn create=$upstream_cookie_sessionid lookup=$cookie_sessionid zone=client_sessions:1m timeout=30m; }
upstream h { zone h 64k; server 10.0.0.1 max_conns=5; server 10.0.0.2;
  sticky learn create=$upstream_http_mcp_session_id lookup=$http_mcp_session_id zone=s:1m; }
upstream c { server 10.0.0.1; sticky cookie srv_id expires=1h; }`);
    expect(group(c, 'a')).toMatchObject({ sticky: { learn: 'cookie:sessionid', ttlMs: 1_800_000 }, maxRequests: 50 });
    expect(group(c, 'h').sticky).toEqual({ learn: 'mcp-session-id', ttlMs: 600_000 });
    expect(group(c, 'h').maxRequests).toBeUndefined();
    expect(group(c, 'c').sticky).toBeUndefined();
    expect(group(c, 'c').params['sticky']).toBe('cookie srv_id expires=1h');
  });

  it('prefers a resolver written inside the upstream block (nginx 1.27.3+)', () => {
    const c = parse('http { resolver 1.1.1.1; upstream u { resolver 10.0.0.2 [fe80::12] valid=5s; server a.internal resolve; } }');
    expect(group(c, 'u').resolvers.map((r) => r.host)).toEqual(['10.0.0.2', 'fe80::12']);
    expect(group(c, 'u').params['resolver']).toBe('10.0.0.2 [fe80::12] valid=5s');
  });

  it('gives each context its own top-level resolvers', () => {
    const c = parse('http { resolver 10.0.0.1; upstream h { server a.internal resolve; } }\nstream { resolver 10.0.0.2; upstream s { server b.internal:53 resolve; } }');
    expect(group(c, 'h').resolvers.map((r) => r.host)).toEqual(['10.0.0.1']);
    expect(group(c, 's').resolvers.map((r) => r.host)).toEqual(['10.0.0.2']);
    expect(c.resolvers.map((r) => r.host)).toEqual(['10.0.0.1']);
  });

  it('reads stream upstreams with their own context and no default port', () => {
    const c = parse('stream { upstream db { server 10.0.0.5:5432; server db-2.internal:5432; } }');
    const db = group(c, 'db');
    expect(db).toMatchObject({ context: 'stream', protocol: 'tcp' });
    expect(db.targets[0]!.defaultPort).toBeUndefined();
  });

  it('does not mistake simple "upstream" directives of third-party blocks, or rewrite arguments, for groups', () => {
    const c = parse(`
http {
  upstream u1 { server 127.0.0.1:8020; }
  upstrand us1 { upstream ~^u0 blacklist_interval=60s; upstream b01 backup; }
  server { rewrite ^/(.*)$ /api?upstream=backend&server=$1:$2&max_fails=0 break; }
}`);
    expect(c.groups.map((g) => g.name)).toEqual(['u1']);
  });

  it('keeps template placeholders verbatim instead of rejecting them', () => {
    const c = parse('upstream s3 { server ${S3_UPSTREAM} resolve; server ${HOST}:${PORT}; }');
    const [a, b] = group(c, 's3').targets;
    expect(a).toMatchObject({ host: '${S3_UPSTREAM}', resolve: true });
    expect(a!.port).toBeUndefined();
    expect(b).toMatchObject({ host: '${HOST}', portText: '${PORT}' });
  });
});
