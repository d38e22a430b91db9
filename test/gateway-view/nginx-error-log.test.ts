/**
 * Debian's real nginx in front of faulty upstreams, its error log in a temp dir: requests go
 * through it (a user's traffic first, then uh's own `--through`), and uh reads the real log.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hangingServer, healthyServer } from '../../src/demo/faults/http-servers.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import { startTlsServer } from '../../src/demo/faults/tls-servers.js';
import { nginxErrorLogSource } from '../../src/gateway-view/nginx-error-log.js';
import { runUh } from '../cli/helpers.js';
import { hostsFile } from '../helpers/probe-context.js';
import { closedAfterEach } from '../helpers/running-faults.js';
import type { RunningGateway } from '../helpers/real-gateway.js';
import { NGINX, freePort, has, startGateway, until } from '../helpers/real-gateway.js';

const faults = closedAfterEach();
let gateways: RunningGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.map((g) => g.stop()));
  gateways = [];
});

const ctx = (sinceMs = 0) => ({ signal: new AbortController().signal, timeoutMs: 3000, maxBytes: 1 << 20, sinceMs, now: () => Date.now() });

async function startNginx(http: string, files: Record<string, string> = {}): Promise<{ gateway: RunningGateway; port: number; conf: string; log: string }> {
  const port = await freePort();
  const gateway = startGateway(NGINX, (dir) => ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'startup.log'), '-g', 'daemon off; master_process off;'], {
    'nginx.conf': [
      'error_log {dir}/error.log info;',
      'pid {dir}/nginx.pid;',
      'events {}',
      'http {',
      '  access_log off;',
      http.replaceAll('{port}', String(port)),
      '}',
    ].join('\n') + '\n',
    ...files,
  });
  gateways.push(gateway);
  await until('nginx to listen', async () => {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return true;
    } catch {
      return undefined;
    }
  }, gateway);
  return { gateway, port, conf: path.join(gateway.dir, 'nginx.conf'), log: path.join(gateway.dir, 'error.log') };
}

describe.skipIf(!has(NGINX))('nginx error log (Debian nginx, its real log) in front of faulty upstreams', () => {
  it('uh diagnose nginx.conf --gateway-log error.log --through: each layered finding carries nginx\'s own lines, counted per upstream', async () => {
    const [r1, r2] = [await refusedPort(), await refusedPort()];
    const hang = await faults.start(hangingServer());
    const expired = await faults.start(startTlsServer({ cert: 'expired' }));
    const ok = await faults.start(healthyServer());
    const { port, conf, log } = await startNginx([
      `  upstream pool { server 127.0.0.1:${r1}; server 127.0.0.1:${r2}; }`,
      `  upstream slow { server ${hang.address}; }`,
      `  upstream secure { server ${expired.address}; }`,
      `  upstream ok { server ${ok.address}; }`,
      '  server {',
      '    listen 127.0.0.1:{port};',
      '    location /pool/ { proxy_pass http://pool; }',
      '    location /slow/ { proxy_pass http://slow; proxy_read_timeout 500ms; }',
      '    location /secure/ { proxy_pass https://secure; proxy_ssl_verify on; proxy_ssl_trusted_certificate ca.pem; proxy_ssl_name localhost; }',
      '    location /ok/ { proxy_pass http://ok; }',
      '  }',
    ].join('\n'), { 'ca.pem': expired.caPem! });
    // A user's traffic: the second request to /pool/ finds both members disabled ("no live upstreams").
    for (const p of ['/pool/', '/pool/']) expect((await fetch(`http://127.0.0.1:${port}${p}`)).status).toBe(502);

    const run = await runUh(['diagnose', conf, '--gateway-log', log, '--through', `http://127.0.0.1:${port}`, '--format', 'json', '--samples', '1', '--patience', '1', '--timeout', '1s', '--hosts-file', hostsFile()]);
    expect(run.code, run.stderr).toBe(1);
    const doc = JSON.parse(run.stdout) as {
      findings: { cause: string; group: string; evidence: string[] }[];
      gateway: { sources: { source: string; outcome: string }[]; through: { route: string; status?: number; answer: string; by?: string; failed: boolean }[] };
    };
    const evidence = (group: string, cause: string) => doc.findings.find((f) => f.group === group && f.cause === cause)?.evidence.join('\n')
      ?? `(no ${cause} in ${group}: ${doc.findings.map((f) => `${f.group}:${f.cause}`).join(', ')})\n${readFileSync(log, 'utf8')}`;
    expect(doc.gateway.sources).toEqual([expect.objectContaining({ source: 'nginx-error-log', outcome: 'read' })]);
    expect(evidence('pool', 'tcp-refused')).toMatch(/nginx error log: connect\(\) failed \(111: Connection refused\) while connecting to upstream \(1× from .* UTC to .* UTC\) · uh: tcp connect ECONNREFUSED/);
    expect(evidence('pool', 'tcp-refused')).toMatch(/nginx error log: pool had no live member to send to \(\d+× from/);
    expect(evidence('slow', 'health-timeout')).toMatch(/nginx error log: upstream timed out \(110: Connection timed out\) while reading response header from upstream \(1×/);
    expect(evidence('secure', 'tls-cert-expired')).toMatch(/nginx error log: upstream SSL certificate verify error: \(10:certificate has expired\) while SSL handshaking to upstream/);
    // --through: one request per route; the healthy route answers, and no hop failure is claimed where targets fail.
    const through = Object.fromEntries(doc.gateway.through.map((t) => [t.route, t]));
    expect(through['/pool/']).toMatchObject({ status: 502, answer: 'bad gateway', by: 'nginx', failed: true });
    expect(through['/slow/']).toMatchObject({ status: 504, answer: 'gateway timeout', by: 'nginx', failed: true });
    expect(through['/ok/']).toMatchObject({ status: 200, answer: 'ok', failed: false });
    expect(evidence('pool', 'tcp-refused')).toContain(`through the gateway: GET http://127.0.0.1:${port}/pool/ → 502 bad gateway (nginx)`);
    expect(doc.findings.map((f) => f.cause)).not.toContain('gateway-hop-failure');
  });

  it('--since leaves older lines out; a missing log is a skip with the reason', async () => {
    const { log, port } = await startNginx(`  upstream pool { server 127.0.0.1:${await refusedPort()}; }\n  server { listen 127.0.0.1:{port}; location / { proxy_pass http://pool; } }`);
    await fetch(`http://127.0.0.1:${port}/`);
    const recent = await nginxErrorLogSource(log, ctx());
    expect(recent.targets.map((t) => t.cause)).toContain('tcp-refused');
    const later = await nginxErrorLogSource(log, ctx(Date.now() + 60_000));
    expect(later.targets).toEqual([]);
    expect(later.notes[0]).toMatch(/^no upstream error since /);
    const missing = await nginxErrorLogSource(path.join(path.dirname(log), 'nope.log'), ctx());
    expect(missing).toMatchObject({ outcome: 'skip', reason: expect.stringMatching(/cannot read the log: .*nope\.log: no such file/) });
  });
});

describe('nginx error-log lines nginx writes for other upstream faults (ngx_http_upstream.c messages)', () => {
  it.each([
    ['upstream prematurely closed connection while reading response header from upstream', undefined],
    ['upstream sent invalid header: "x\\x00" while reading response header from upstream', 'protocol-not-http'],
    ['connect() failed (113: No route to host) while connecting to upstream', 'tcp-unreachable'],
    ['upstream timed out (110: Connection timed out) while connecting to upstream', 'tcp-timeout'],
    ['connect() failed (110: Connection timed out) while connecting to upstream', 'tcp-timeout'],
    ['recv() failed (104: Connection reset by peer) while reading response header from upstream', 'tcp-reset'],
    ['SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream', 'tls-to-plaintext'],
  ])('%s → %s', async (message, cause) => {
    const file = path.join(await import('node:os').then((os) => os.tmpdir()), `uh-ngx-${process.pid}-${Math.random().toString(36).slice(2)}.log`);
    const now = new Date();
    const stamp = `${now.getFullYear()}/${String(now.getMonth() + 1).padStart(2, '0')}/${String(now.getDate()).padStart(2, '0')} ${now.toTimeString().slice(0, 8)}`;
    writeFileSync(file, `${stamp} [error] 7#7: *3 ${message}, client: 127.0.0.1, server: , request: "GET / HTTP/1.1", upstream: "http://10.0.0.5:8080/", host: "gw"\n`);
    const view = await nginxErrorLogSource(file, ctx(now.getTime() - 60_000));
    expect(view.targets).toHaveLength(1);
    expect(view.targets[0]).toMatchObject({ address: '10.0.0.5:8080', state: 'unhealthy', kind: 'traffic', events: { count: 1 } });
    expect(view.targets[0]!.cause).toBe(cause);
  });

  it('a name nginx could not resolve is counted against that name', async () => {
    const file = path.join((await import('node:os')).tmpdir(), `uh-ngx-${process.pid}-dns.log`);
    const now = new Date();
    const stamp = `${now.getFullYear()}/${String(now.getMonth() + 1).padStart(2, '0')}/${String(now.getDate()).padStart(2, '0')} ${now.toTimeString().slice(0, 8)}`;
    writeFileSync(file, `${stamp} [error] 7#7: *1 users.internal could not be resolved (3: Host not found), client: 127.0.0.1, server: , request: "GET / HTTP/1.1", host: "gw"\n`);
    const view = await nginxErrorLogSource(file, ctx(now.getTime() - 60_000));
    expect(view.targets[0]).toMatchObject({ address: 'users.internal:', cause: 'dns-nxdomain' });
  });
});
