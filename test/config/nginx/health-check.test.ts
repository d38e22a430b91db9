import { describe, expect, it } from 'vitest';
import { group, parse } from './parse-helpers.js';

describe('NGINX Plus active health checks', () => {
  it('applies Plus defaults when health_check is bare: every 5s, GET /, 1 fail / 1 pass, timeout = proxy_read_timeout', () => {
    const cfg = parse(`
http {
  upstream app { zone app 64k; server 10.0.0.1:80; }
  server { location / { proxy_read_timeout 3s; proxy_pass http://app; health_check; } }
}`);
    expect(group(cfg, 'app').health.active).toMatchObject({
      type: 'http',
      path: '/',
      method: 'GET',
      intervalMs: 5000,
      timeoutMs: 3000,
      rise: 1,
      fall: 1,
      expectStatus: [],
      origin: 'nginx-plus health_check',
      declared: { params: {}, flags: [], declared_in: 'server / location /' },
      loc: { file: 'nginx.conf', line: 4, column: 71 },
    });
  });

  it('reads every parameter and the named match block, even one declared after its use', () => {
    const cfg = parse(`
http {
  upstream app { zone app 64k; server 10.0.0.1:80; }
  server {
    location @hc {
      proxy_pass http://app;
      health_check interval=2s jitter=500ms fails=3 passes=2 uri=/healthz port=9000 match=ok mandatory persistent;
    }
  }
  match ok { status 200-299 304; header Content-Type = text/html; body ~ "\\"status\\":\\"up\\""; }
}`);
    const hc = group(cfg, 'app').health.active!;
    expect(hc).toMatchObject({
      path: '/healthz',
      port: 9000,
      intervalMs: 2000,
      jitter: 0.25,
      fall: 3,
      rise: 2,
      expectStatus: [
        { from: 200, to: 299 },
        { from: 304, to: 304 },
      ],
      expectBody: { kind: 'regex', value: '"status":"up"' },
    });
    expect(hc.declared).toEqual({
      params: { interval: '2s', jitter: '500ms', fails: '3', passes: '2', uri: '/healthz', port: '9000', match: 'ok' },
      flags: ['mandatory', 'persistent'],
      match: { status: ['200-299', '304'], header: ['Content-Type', '=', 'text/html'], body: ['~', '"status":"up"'] },
      declared_in: 'server / location @hc',
    });
  });

  it('sends the location\'s literal proxy_set_header Host, else the upstream name ($proxy_host)', () => {
    const cfg = parse(`
http {
  upstream a { zone a 64k; server 10.0.0.1:80; }
  upstream b { zone b 64k; server 10.0.0.2:80; }
  proxy_set_header Host cafe.example.com;
  server {
    location /a { proxy_pass http://a; health_check; }
    location /b { proxy_set_header X-Forwarded-For $remote_addr; proxy_pass http://b; health_check; }
  }
}`);
    expect(group(cfg, 'a').health.active!.host).toBe('cafe.example.com');
    // A level that writes any proxy_set_header replaces the inherited set (nginx array-directive merge).
    expect(group(cfg, 'b').health.active!.host).toBe('b');
  });

  it('reads "status ! 500" as everything but 500 and "body !~" as a body that must not match', () => {
    const cfg = parse(`
http {
  upstream app { zone app 64k; server 10.0.0.1:80; }
  match not_err { status ! 500; body !~ "error"; }
  server { location / { proxy_pass http://app; health_check match=not_err; } }
}`);
    const hc = group(cfg, 'app').health.active!;
    expect(hc.expectStatus).toEqual([
      { from: 100, to: 499 },
      { from: 501, to: 599 },
    ]);
    expect(hc.expectBody).toEqual({ kind: 'not-regex', value: 'error' });
  });

  it('reads a gRPC health check', () => {
    const cfg = parse(`
http {
  upstream rpc { zone rpc 64k; server 10.0.0.1:50051; }
  server { location / { grpc_pass grpc://rpc; health_check type=grpc grpc_service=users grpc_status=12; } }
}`);
    expect(group(cfg, 'rpc').health.active).toMatchObject({ type: 'grpc', grpcService: 'users', intervalMs: 5000 });
    expect(group(cfg, 'rpc').protocol).toBe('grpc');
  });

  it('reads a stream health check (tcp, health_check_timeout, default 5s) with its send/expect match', () => {
    const cfg = parse(`
stream {
  upstream redis { zone redis 64k; server 10.0.0.1:6379; }
  match redis { send "PING\\r\\n"; expect ~* "pong"; }
  server { listen 6379; proxy_pass redis; health_check match=redis interval=20 passes=2 mandatory; }
  server { listen 6380; proxy_pass redis; health_check_timeout 2s; }
}`);
    const hc = group(cfg, 'redis').health.active!;
    expect(hc).toMatchObject({ type: 'tcp', intervalMs: 20_000, timeoutMs: 5000, rise: 2 });
    expect(hc.declared['match']).toEqual({ send: ['PING\r\n'], expect: ['~*', 'pong'] });
  });

  it('warns about what NGINX Plus would refuse: a missing match block, an upstream without zone', () => {
    const cfg = parse(`
http {
  upstream a { server 10.0.0.1:80; }
  server { location / { proxy_pass http://a; health_check match=nope; } }
}`);
    expect(cfg.notes.map((n) => [n.severity, n.message, n.loc?.line])).toEqual([
      ['warning', 'health_check match=nope: no "match nope" block is defined', 4],
      ['warning', 'health_check on upstream "a", which has no "zone": NGINX Plus needs one to keep check state', 4],
    ]);
    expect(group(cfg, 'a').health.active!.expectStatus).toEqual([]);
  });

  it('has no active check where no health_check is written (passive checking stays per member)', () => {
    const cfg = parse('http { upstream a { server 10.0.0.1 max_fails=2; } server { location / { proxy_pass http://a; } } }');
    expect(group(cfg, 'a').health).toEqual({});
    expect(group(cfg, 'a').targets[0]!.passive).toEqual({ maxFails: 2, failTimeoutMs: 10_000 });
  });
});
