/**
 * The HAProxy reader, one rule at a time, each on the haproxy.cfg a user would write: the
 * tokenizer, defaults inheritance, server lines, checks, TLS, resolvers and routes.
 */
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/config/detect-format.js';
import { parseHaproxy } from '../../../src/config/haproxy/index.js';
import { tokenize } from '../../../src/config/haproxy/lexer.js';
import type { GatewayConfig, UpstreamGroup } from '../../../src/model/index.js';

const noFiles = { readFile: (): string => '', glob: (): string[] => [] };
const read = (text: string): GatewayConfig => parseHaproxy(text, 'haproxy.cfg', noFiles);
const group = (text: string, name = 'app'): UpstreamGroup => read(text).groups.find((g) => g.name === name)!;
const words = (line: string): string[] => tokenize(line, 'x.cfg')[0]!.words.map((w) => w.text);

describe('the tokenizer follows HAProxy: a line per statement, # comments, escapes, quotes, placeholders', () => {
  it('splits on blanks and drops comments, but not inside quotes', () => {
    expect(words('server  s1\t127.0.0.1:80  check # the first')).toEqual(['server', 's1', '127.0.0.1:80', 'check']);
    expect(words('http-check expect string "a # b"')).toEqual(['http-check', 'expect', 'string', 'a # b']);
  });
  it('double quotes keep escapes, single quotes are literal, quotes join inside a word', () => {
    expect(words('x "a\\"b" \'c\\d\' e"f g"h')).toEqual(['x', 'a"b', 'c\\d', 'ef gh']);
    expect(words('x a\\ b \\#c "\\r\\n" \\x41')).toEqual(['x', 'a b', '#c', '\r\n', 'A']);
  });
  it('keeps environment variables as placeholders (uh does not read the gateway machine\'s environment)', () => {
    expect(words('server s1 "${APP_HOST}:$APP_PORT" check')).toEqual(['server', 's1', '${APP_HOST}:$APP_PORT', 'check']);
    const t = group('backend app\n  server s1 ${APP_HOST}:${APP_PORT} check\n').targets[0]!;
    expect([t.host, t.port, t.portText]).toEqual(['${APP_HOST}', undefined, '${APP_PORT}']);
  });
  it('reads CRLF files', () => {
    expect(group('backend app\r\n  server s1 10.0.0.1:80 check\r\n').targets[0]!.address).toBe('10.0.0.1:80');
  });
});

describe('sections and defaults inheritance', () => {
  it('a proxy takes the last defaults section above it; its own lines override', () => {
    const cfg = read('defaults\n  mode tcp\n  timeout connect 1s\nbackend a\n  server s 10.0.0.1:80\ndefaults\n  mode http\nbackend b\n  timeout connect 3s\n  server s 10.0.0.1:80\n');
    expect(cfg.groups.map((g) => [g.name, g.protocol, g.timeouts.connectMs])).toEqual([['a', 'tcp', 1000], ['b', 'http1', 3000]]);
  });
  it('`from NAME` picks a named defaults section, which may inherit in turn', () => {
    const cfg = read('defaults base\n  timeout server 9s\ndefaults web from base\n  mode http\ndefaults other\n  mode tcp\nbackend app from web\n  server s 10.0.0.1:80\n');
    const g = cfg.groups[0]!;
    expect([g.protocol, g.timeouts.readMs, g.params['defaults']]).toEqual(['http1', 9000, 'web']);
  });
  it('http-check rules of a defaults section apply only when the backend writes none', () => {
    const defaults = 'defaults\n  mode http\n  option httpchk\n  http-check send meth GET uri /from-defaults\n';
    expect(group(`${defaults}backend app\n  server s 10.0.0.1:80 check\n`).health.active?.path).toBe('/from-defaults');
    expect(group(`${defaults}backend app\n  http-check send meth HEAD uri /own\n  server s 10.0.0.1:80 check\n`).health.active).toMatchObject({ path: '/own', method: 'HEAD' });
  });
  it('notes an unknown keyword (HAProxy refuses it) and keeps reading', () => {
    const cfg = read('backend app\n  frobnicate on\n  server s 10.0.0.1:80 check\n');
    expect(cfg.groups[0]!.targets).toHaveLength(1);
    expect(cfg.notes.map((n) => n.message)).toContain(`unknown keyword 'frobnicate' in 'backend' section (HAProxy refuses it; uh ignores the line)`);
  });
});

describe('server lines', () => {
  it('default-server lines merge under each server; no-check cancels check; disabled/backup/weight 0', () => {
    const g = group('backend app\n  default-server check inter 3s maxconn 50\n  server a 10.0.0.1:80\n  server b 10.0.0.2:80 no-check weight 0\n  server c 10.0.0.3:80 disabled\n  server d 10.0.0.4:80 backup\n');
    expect(g.targets.map((t) => [t.name, t.flags.includes('check'), t.weight, t.down, t.backup])).toEqual([
      ['a', true, undefined, false, false], ['b', false, 0, false, false], ['c', true, undefined, true, false], ['d', true, undefined, false, true],
    ]);
    expect(g.targets[0]!.params).toEqual({ inter: '3s', maxconn: 50 });
    expect(g.maxRequests).toBe(50);
  });
  it('IPv6, unix sockets and a missing port', () => {
    const g = group('backend app\n  server a [fd00::1]:8443\n  server b fd00::2:80\n  server c /run/app.sock\n  server d unix@/run/b.sock\n  server e app.internal\n');
    expect(g.targets.map((t) => t.address)).toEqual(['[fd00::1]:8443', '[fd00::2]:80', 'unix:/run/app.sock', 'unix:/run/b.sock', 'app.internal']);
  });
  it('server-template is one dynamic member; `resolvers` names the nameservers the group asks', () => {
    const cfg = read('resolvers dns\n  nameserver a 10.0.0.53:53\n  nameserver b 10.0.0.54:5353\nbackend app\n  server-template web 1-5 app.internal:8080 check resolvers dns\nbackend named\n  server s app.internal:8080 check resolvers dns\n');
    const [app, named] = cfg.groups;
    expect([app!.discovery, app!.targets.length, app!.targets[0]!.params['template']]).toEqual(['dynamic', 1, { prefix: 'web', count: '1-5' }]);
    expect([named!.discovery, named!.targets[0]!.resolve]).toEqual(['dns-refresh', true]);
    expect(named!.resolvers.map((r) => `${r.host}:${r.port}`)).toEqual(['10.0.0.53:53', '10.0.0.54:5353']);
  });
  it('a host name without resolvers is resolved once at start-up', () => {
    expect(group('backend app\n  server s app.internal:80 check\n').discovery).toBe('dns-once');
  });
  it('a per-server check port is kept on the target (Patroni-style)', () => {
    const g = group('backend app\n  option httpchk\n  server a 10.0.0.1:5432 check port 8008\n  server b 10.0.0.2:5432 check port 8009\n');
    expect(g.targets.map((t) => t.checkPort)).toEqual([8008, 8009]);
    expect(g.health.active?.port).toBeUndefined();
  });
});

describe('what HAProxy speaks, and how it verifies TLS', () => {
  it('mode tcp is a stream; mode http is HTTP/1.1; proto h2 is h2c in clear and h2 over ssl', () => {
    expect(group('backend app\n  server s 10.0.0.1:80\n').protocol).toBe('tcp');
    expect(group('backend app\n  mode http\n  server s 10.0.0.1:80\n').protocol).toBe('http1');
    expect(group('backend app\n  mode http\n  server s 10.0.0.1:80 proto h2\n').protocol).toBe('h2c');
    expect(group('backend app\n  mode http\n  server s 10.0.0.1:443 ssl verify none proto h2\n').protocol).toBe('h2');
    expect(group('backend app\n  mode http\n  server s 10.0.0.1:443 ssl verify none alpn h2\n').protocol).toBe('h2');
    expect(group('backend app\n  mode http\n  server s 10.0.0.1:443 ssl verify none alpn h2,http/1.1\n').protocol).toBe('http1');
  });
  it('ssl verifies by default (HAProxy: verify required); the name only against verifyhost or sni', () => {
    const plain = group('backend app\n  server s 10.0.0.1:443 ssl ca-file /etc/ssl/ca.pem\n').tls!;
    expect([plain.verify, plain.verifyHostname, plain.sni, plain.ca]).toEqual([true, false, undefined, '/etc/ssl/ca.pem']);
    const sni = group('backend app\n  server s 10.0.0.1:443 ssl ca-file ca.pem sni str(api.internal)\n').tls!;
    expect([sni.sni, sni.verifyName, sni.verifyHostname]).toEqual(['api.internal', 'api.internal', undefined]);
    const host = group('backend app\n  server s 10.0.0.1:443 ssl ca-file ca.pem verifyhost api.internal\n').tls!;
    expect([host.sni, host.verifyName]).toEqual([undefined, 'api.internal']);
    expect(group('backend app\n  server s 10.0.0.1:443 ssl verify none\n').tls!.verify).toBe(false);
    expect(group('global\n  ssl-server-verify none\nbackend app\n  server s 10.0.0.1:443 ssl\n').tls!.verify).toBe(false);
    expect(group('global\n  ca-base /etc/ssl/certs\nbackend app\n  server s 10.0.0.1:443 ssl ca-file ca.pem\n').tls!.ca).toBe('/etc/ssl/certs/ca.pem');
  });
  it('check-ssl alone makes the check TLS, not the traffic', () => {
    const g = group('backend app\n  server s 10.0.0.1:636 check check-ssl verify none\n');
    expect(g.tls).toBeUndefined();
    expect(g.health.active?.declared['viaSsl']).toBe(true);
  });
});

describe('the active check', () => {
  it('a bare check is a TCP connect every 2s, rise 2 fall 3, bounded by inter (no `timeout check`)', () => {
    expect(group('backend app\n  server s 10.0.0.1:80 check\n').health.active).toMatchObject({
      type: 'tcp', intervalMs: 2000, timeoutMs: 2000, timeoutFromInterval: true, rise: 2, fall: 3,
    });
  });
  it('option httpchk: the old syntax, HAProxy defaults (OPTIONS / HTTP/1.0), and a Host header in the version', () => {
    expect(group('backend app\n  option httpchk\n  server s 10.0.0.1:80 check\n').health.active).toMatchObject({ type: 'http', method: 'OPTIONS', path: '/' });
    expect(group('backend app\n  option httpchk /ping\n  server s 10.0.0.1:80 check\n').health.active?.path).toBe('/ping');
    const old = group('backend app\n  option httpchk GET /health HTTP/1.1\\r\\nHost:\\ api.internal\n  server s 10.0.0.1:80 check\n').health.active!;
    expect([old.method, old.path, old.host, old.declared['version']]).toEqual(['GET', '/health', 'api.internal', 'HTTP/1.1']);
  });
  it('the new syntax: http-check send meth/uri/ver/hdr', () => {
    const a = group('backend app\n  option httpchk\n  http-check send meth GET uri /ready ver HTTP/1.1 hdr Host api.internal\n  server s 10.0.0.1:80 check\n').health.active!;
    expect([a.method, a.path, a.host]).toEqual(['GET', '/ready', 'api.internal']);
  });
  it('http-check expect status (lists, ranges), rstatus (as the statuses it accepts), string, rstring, ! string', () => {
    const expect_ = (line: string): UpstreamGroup['health']['active'] =>
      group(`backend app\n  option httpchk GET /h\n  http-check expect ${line}\n  server s 10.0.0.1:80 check\n`).health.active;
    expect(expect_('status 200,204')?.expectStatus).toEqual([{ from: 200, to: 200 }, { from: 204, to: 204 }]);
    expect(expect_('status 200-299')?.expectStatus).toEqual([{ from: 200, to: 299 }]);
    expect(expect_('rstatus ^2')?.expectStatus).toEqual([{ from: 200, to: 299 }]);
    expect(expect_('string ready')?.expectBody).toEqual({ kind: 'substring', value: 'ready' });
    expect(expect_('rstring ^ok$')?.expectBody).toEqual({ kind: 'regex', value: '^ok$' });
    expect(expect_('! string fail')?.expectBody).toEqual({ kind: 'not-regex', value: 'fail' });
  });
  it('inter/downinter/rise/fall and timeout check', () => {
    const a = group('backend app\n  timeout check 500ms\n  server s 10.0.0.1:80 check inter 5s downinter 1s rise 3 fall 2\n').health.active!;
    expect([a.intervalMs, a.unhealthyIntervalMs, a.timeoutMs, a.rise, a.fall, a.timeoutFromInterval]).toEqual([5000, 1000, 500, 3, 2, undefined]);
  });
  it('tcp-check sequences as written; protocol checks are probed as a TCP connect and say so', () => {
    const t = group('backend app\n  option tcp-check\n  tcp-check connect\n  tcp-check send PING\\r\\n\n  tcp-check expect string +PONG\n  server s 10.0.0.1:6379 check\n').health.active!;
    expect(t.declared['sequence']).toEqual(['connect', 'send PING\\r\\n', 'expect string +PONG']);
    const cfg = read('backend app\n  option redis-check\n  server s 10.0.0.1:6379 check\n');
    expect(cfg.groups[0]!.health.active).toMatchObject({ type: 'tcp', declared: { type: 'redis' } });
    expect(cfg.notes.map((n) => n.message).join('\n')).toMatch(/redis check is probed as a TCP connect/);
  });
  it('no `check` on any server: no active check', () => {
    expect(group('backend app\n  option httpchk\n  server s 10.0.0.1:80\n').health.active).toBeUndefined();
  });
});

describe('group settings', () => {
  it('balance, retries (HAProxy default 3), option redispatch, timeouts as written', () => {
    const g = group('defaults\n  retries 2\n  option redispatch\n  timeout connect 5000\n  timeout server 1m\nbackend app\n  balance leastconn\n  server s 10.0.0.1:80\n');
    expect([g.balance, g.retries?.attempts, g.params['option redispatch'], g.timeouts.connectMs, g.timeouts.readMs]).toEqual(['least_request', 2, 'enabled', 5000, 60_000]);
    expect(group('backend app\n  server s 10.0.0.1:80\n').retries?.attempts).toBe(3);
    expect(group('backend app\n  balance hdr(X-User)\n  server s 10.0.0.1:80\n').hashOn).toEqual({ header: 'X-User' });
  });
});

describe('routes from frontends', () => {
  const routes = (frontend: string) => read(`frontend web\n  bind :80\n${frontend}\nbackend api\n  server s 10.0.0.1:80\nbackend www\n  server s 10.0.0.2:80\n`).routes;
  it('use_backend with path_beg / path / hdr(host) / hdr_dom(host) ACLs, then default_backend (wherever written)', () => {
    const r = routes('  default_backend www\n  acl is_api path_beg /api /v2\n  acl api_host hdr(host) -i API.example.com\n  acl exact path /status\n  acl dom hdr_dom(host) example.org\n  use_backend api if is_api api_host\n  use_backend api if exact || dom');
    expect(r.map((x) => [x.upstream, x.via, JSON.stringify(x.match)])).toEqual([
      ['api', 'use_backend', '{"pathPrefix":"/api","host":"api.example.com"}'],
      ['api', 'use_backend', '{"pathPrefix":"/v2","host":"api.example.com"}'],
      ['api', 'use_backend', '{"path":"/status"}'],
      ['api', 'use_backend', '{"host":"example.org"}'],
      ['api', 'use_backend', '{"host":"*.example.org"}'],
      ['www', 'default_backend', '{}'],
    ]);
  });
  it('a condition uh cannot evaluate is kept for references and says why (serve never takes it)', () => {
    const [r] = routes('  use_backend api unless { src 10.0.0.0/8 }');
    expect(r).toMatchObject({ upstream: 'api', condition: 'unless { src 10.0.0.0/8 }', unevaluated: expect.stringMatching(/unless/) });
  });
  it('a use_backend to a backend that does not exist stays a route (config-upstream-undefined), never an error', () => {
    expect(routes('  use_backend apii if { path_beg /api }').map((r) => r.upstream)).toEqual(['apii']);
  });
});

describe('detection by content', () => {
  it('an haproxy.cfg is haproxy whatever its name; nginx stays nginx', () => {
    expect(detectFormat('global\n  maxconn 100\n\ndefaults\n  mode http\n\nbackend app\n  server s1 10.0.0.1:80 check\n', 'config')).toBe('haproxy');
    expect(detectFormat('backend app\n    server s1 10.0.0.1:80 check\n', 'x.txt')).toBe('haproxy');
    expect(detectFormat('http {\n  upstream app { server 10.0.0.1:80; }\n  server { listen 80; }\n}\n', 'x.cfg')).toBe('nginx');
  });
});
