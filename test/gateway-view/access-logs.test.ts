/**
 * Envoy access logs and HAProxy logs from their documented formats (Envoy's default format string
 * and JSON lines; HAProxy's httplog, configuration manual 8.2.3): no Envoy here, and these lines
 * are what the docs show each fault as.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGatewayLog } from '../../src/gateway-view/read-log.js';

const ctx = (sinceMs = 0) => ({ signal: new AbortController().signal, timeoutMs: 3000, maxBytes: 1 << 20, sinceMs, now: () => Date.now() });

function logFile(lines: readonly string[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'uh-log-')), 'access.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('Envoy access log by response flag (documented default text format and JSON lines)', () => {
  it('the default text format: UF per upstream host, UH and UO per cluster, counted with first and last seen', async () => {
    const file = logFile([
      '[2026-12-04T14:02:00.310Z] "GET /users HTTP/1.1" 503 UF,URX 0 91 1001 - "10.0.35.28" "curl/8.0" "cc21d9b0" "users.example" "10.0.2.1:8080"',
      '[2026-12-04T14:02:05.100Z] "GET /users HTTP/1.1" 503 UF 0 91 1000 - "10.0.35.28" "curl/8.0" "cc21d9b1" "users.example" "10.0.2.1:8080"',
      '[2026-12-04T14:03:00.000Z] "GET /users HTTP/1.1" 503 UH 0 19 0 - "-" "curl/8.0" "cc21d9b2" "users.example" "-"',
      '[2026-12-04T14:03:01.000Z] "GET /users HTTP/1.1" 503 UO 0 81 0 - "-" "curl/8.0" "cc21d9b3" "users.example" "-"',
      '[2026-12-04T14:03:02.000Z] "GET /nope HTTP/1.1" 404 NR 0 0 0 - "-" "curl/8.0" "cc21d9b4" "users.example" "-"',
      '[2026-12-04T14:03:03.000Z] "GET /users HTTP/1.1" 200 - 0 10 3 2 "-" "curl/8.0" "cc21d9b5" "users.example" "10.0.2.2:8080"',
    ]);
    const view = await readGatewayLog(file, ctx(Date.parse('2026-12-04T14:00:00Z')));
    expect(view.source).toBe('envoy-access-log');
    const uf = view.targets.find((t) => t.flags[0] === 'UF')!;
    expect(uf).toMatchObject({ address: '10.0.2.1:8080', detail: 'UF (upstream connection failure)', events: { count: 2, first: '2026-12-04T14:02:00.310Z', last: '2026-12-04T14:02:05.100Z' } });
    expect(view.targets.find((t) => t.flags[0] === 'URX')).toBeDefined();
    expect(view.groups).toEqual([expect.objectContaining({ name: '', overflow: ['UO (upstream overflow (circuit breaker)) 1× in the log'], noneHealthy: expect.objectContaining({ count: 1 }) })]);
    expect(view.notes).toEqual(['also in the log: NR (no route configured) 1× in the log']);
  });

  it('JSON lines with upstream_cluster: flags per cluster; --since leaves older lines out', async () => {
    const file = logFile([
      JSON.stringify({ start_time: '2026-12-04T14:02:00.000Z', response_code: 503, response_flags: 'UH', upstream_host: null, upstream_cluster: 'payments' }),
      JSON.stringify({ start_time: '2026-12-04T14:02:01.000Z', response_code: 504, response_flags: 'UT', upstream_host: '10.0.3.1:9000', upstream_cluster: 'payments' }),
      JSON.stringify({ start_time: '2026-12-04T13:00:00.000Z', response_code: 503, response_flags: 'UPE', upstream_host: '10.0.3.2:9000', upstream_cluster: 'payments' }),
    ]);
    const view = await readGatewayLog(file, ctx(Date.parse('2026-12-04T14:00:00Z')));
    expect(view.targets.map((t) => [t.group, t.address, t.flags[0], t.cause])).toEqual([['payments', '10.0.3.1:9000', 'UT', 'health-timeout']]);
    expect(view.groups).toEqual([expect.objectContaining({ name: 'payments', noneHealthy: expect.objectContaining({ count: 1 }) })]);
  });
});

describe('HAProxy log (httplog: termination state, <NOSRV>)', () => {
  it('<NOSRV> counts against the backend; SC/sH per server; sQ is the gateway\'s own queue limit', async () => {
    const year = new Date().getFullYear();
    const file = logFile([
      `Dec  4 14:02:00 gw haproxy[14389]: 10.0.1.2:33317 [04/Dec/${year}:14:02:00.655] web app/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"`,
      `Dec  4 14:02:01 gw haproxy[14389]: 10.0.1.2:33318 [04/Dec/${year}:14:02:01.001] web app/srv1 0/0/-1/-1/2 503 217 - - SC-- 1/1/0/0/3 0/0 "GET / HTTP/1.1"`,
      `Dec  4 14:02:02 gw haproxy[14389]: 10.0.1.2:33319 [04/Dec/${year}:14:02:02.001] web app/srv2 0/0/1/-1/5001 504 194 - - sH-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"`,
      `Dec  4 14:02:03 gw haproxy[14389]: 10.0.1.2:33320 [04/Dec/${year}:14:02:03.001] web app/srv2 0/5000/-1/-1/5000 503 212 - - sQ-- 9/9/8/8/0 0/12 "GET / HTTP/1.1"`,
    ]);
    const view = await readGatewayLog(file, ctx(new Date(year, 11, 4, 14, 0, 0).getTime()));
    expect(view.source).toBe('haproxy-log');
    expect(view.targets.map((t) => [t.group, t.name, t.flags[0], t.cause])).toEqual([['app', 'srv1', 'SC', undefined], ['app', 'srv2', 'sH', 'health-timeout']]);
    expect(view.groups).toEqual([expect.objectContaining({ name: 'app', overflow: ['1 request(s) timed out in the queue (termination sQ)'], noneHealthy: expect.objectContaining({ count: 1 }) })]);
    expect(view.notes[0]).toMatch(/HAProxy logs name servers, not addresses/);
  });

  it('a file that is no gateway log is a skip with the reason', async () => {
    const view = await readGatewayLog(logFile(['hello world']), ctx());
    expect(view).toMatchObject({ outcome: 'skip', reason: 'not a log uh reads (nginx error log, Envoy access log, HAProxy log)' });
  });
});
