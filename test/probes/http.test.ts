/**
 * The health-endpoint layer against real loopback upstreams: each fault a gateway meets behind
 * "no healthy upstream" shows as its catalog cause, with evidence a person can act on.
 */
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  authServer, failingDependencyServer, flappingServer, hangingServer, healthyServer, overloadedServer, slowServer,
  startHttpServer, wrongHealthPathServer,
} from '../../src/demo/faults/http-servers.js';
import { startH2OnlyServer, startHttp1OnlyServer } from '../../src/demo/faults/h2-servers.js';
import { startNotHttpServer } from '../../src/demo/faults/not-http.js';
import { startTlsServer } from '../../src/demo/faults/tls-servers.js';
import { httpProbe } from '../../src/probes/http.js';
import { probeContext, probeTarget, tlsSettings } from '../helpers/probe-context.js';
import { closedAfterEach } from '../helpers/running-faults.js';
import { activeCheck, targetFor } from './http-fixtures.js';

const { start } = closedAfterEach();

const ctx = (samples = 3) => probeContext({ samples, timeoutMs: 5000 });

describe('http probe: a healthy upstream', () => {
  it('passes with status, latency and timings as facts', async () => {
    const fault = await start(healthyServer());
    const result = await httpProbe(targetFor(fault, { health: { active: activeCheck() } }), ctx());
    expect(result.outcome).toBe('pass');
    expect(result.observations).toEqual([]);
    expect(result.facts.status).toBe(200);
    expect(result.facts.samples).toHaveLength(3);
    expect(result.facts.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.facts.timings?.tcp).toBeGreaterThanOrEqual(0);
    expect(result.facts.check).toBe('gateway');
    expect(result.message).toContain('GET /health → 200 OK');
  });

  it('sends the configured Host and headers, to the address it was given', async () => {
    const seen: Array<string | undefined> = [];
    const fault = await start(startHttpServer((req, res) => {
      seen.push(`${req.method} ${req.url} host=${req.headers.host} x-probe=${req.headers['x-probe']}`);
      res.end('ok');
    }));
    const check = activeCheck({ method: 'HEAD', path: '/ready', headers: { 'x-probe': 'uh' } });
    await httpProbe(targetFor(fault, { health: { active: check } }, 'users.internal'), ctx(1));
    expect(seen).toEqual([`HEAD /ready host=users.internal:${fault.port} x-probe=uh`]);
  });

  it('honours the check\'s port override (nginx Plus `port=`, Envoy port_value)', async () => {
    const fault = await start(healthyServer());
    const target = { ...targetFor(fault, { health: { active: activeCheck({ port: fault.port }) } }), port: 9 };
    const result = await httpProbe(target, ctx(1));
    expect(result.outcome).toBe('pass');
  });

  it('without a gateway check, uses GET / and lets any status below 500 pass', async () => {
    const fault = await start(wrongHealthPathServer());
    const result = await httpProbe(targetFor(fault), ctx(1));
    expect(result.outcome).toBe('pass');
    expect(result.facts.check).toBe('uh default');
    expect(result.facts.url).toBe(`http://127.0.0.1:${fault.port}/`);
  });
});

describe('http probe: what a failing health check means', () => {
  it('404 on the health path → health-path-not-found', async () => {
    const fault = await start(wrongHealthPathServer());
    const result = await httpProbe(targetFor(fault, { health: { active: activeCheck({ path: '/health' }) } }), ctx());
    expect(result.outcome).toBe('fail');
    expect(result.observations).toHaveLength(1);
    expect(result.observations[0]).toMatchObject({ cause: 'health-path-not-found', severity: 'critical' });
    expect(result.observations[0]!.evidence.join('\n')).toContain('404 Not Found');
    expect(result.observations[0]!.evidence.join('\n')).toContain('3/3 samples fail');
  });

  it('401 → health-auth-required, naming the challenge', async () => {
    const fault = await start(authServer());
    const result = await httpProbe(targetFor(fault, { health: { active: activeCheck() } }), ctx(1));
    expect(result.observations[0]).toMatchObject({ cause: 'health-auth-required', severity: 'critical' });
    expect(result.observations[0]!.evidence[0]).toContain('401 Unauthorized (www-authenticate: Bearer realm="api")');
  });

  it('503 from a failed dependency → health-status-mismatch with the body excerpt', async () => {
    const fault = await start(failingDependencyServer(503));
    const result = await httpProbe(targetFor(fault, { health: { active: activeCheck() } }), ctx());
    expect(result.outcome).toBe('fail');
    expect(result.code).toBe('HTTP_STATUS');
    expect(result.observations[0]).toMatchObject({ cause: 'health-status-mismatch', severity: 'critical' });
    expect(result.observations[0]!.evidence[0]).toBe('503 Service Unavailable: "database: connection refused"');
  });

  it('an accepted status with the wrong body → health-body-mismatch', async () => {
    const fault = await start(healthyServer());
    const check = activeCheck({ expectBody: { kind: 'substring', value: '"status":"ok"' } });
    const result = await httpProbe(targetFor(fault, { health: { active: check } }), ctx(1));
    expect(result.observations[0]).toMatchObject({ cause: 'health-body-mismatch', severity: 'critical' });
    expect(result.observations[0]!.evidence[0]).toContain('does not contain "\\"status\\":\\"ok\\""');
  });

  it('429 with Retry-After → upstream-overloaded (a warning, not a wrong check)', async () => {
    const fault = await start(overloadedServer());
    const result = await httpProbe(targetFor(fault, { health: { active: activeCheck() } }), ctx(1));
    expect(result.outcome).toBe('warn');
    expect(result.observations[0]).toMatchObject({ cause: 'upstream-overloaded', severity: 'warning' });
    expect(result.observations[0]!.evidence[0]).toContain('429 Too Many Requests (retry-after: 5)');
  });

  it('alternating 200 / 503 → upstream-flapping, with the sample trail', async () => {
    const fault = await start(flappingServer());
    const result = await httpProbe(targetFor(fault, { health: { active: activeCheck() } }), ctx(3));
    expect(result.observations).toHaveLength(1);
    expect(result.observations[0]).toMatchObject({ cause: 'upstream-flapping', severity: 'warning' });
    expect(result.observations[0]!.evidence[0]).toMatch(/2\/3 samples pass: 200 .*, 503 .*fails.*, 200/);
    expect(result.facts.samples?.map((s) => s.status)).toEqual([200, 503, 200]);
  });
});

describe('http probe: slow and silent upstreams', () => {
  it('accepts and never answers → health-timeout after listening 3× the check timeout', async () => {
    const fault = await start(hangingServer());
    const check = activeCheck({ timeoutMs: 200 });
    const result = await httpProbe(targetFor(fault, { health: { active: check } }), ctx(3));
    expect(result.outcome).toBe('fail');
    expect(result.code).toBe('HEADERS_TIMEOUT');
    expect(result.facts.samples).toHaveLength(1); // a hang is conclusive: no repeated waits
    expect(result.observations[0]).toMatchObject({ cause: 'health-timeout', severity: 'critical' });
    expect(result.observations[0]!.evidence[0]).toBe('accepted the connection, no response in 600 ms');
  });

  it('--patience sets how long uh listens to a silent upstream', async () => {
    const fault = await start(hangingServer());
    const check = activeCheck({ timeoutMs: 200 });
    const result = await httpProbe(targetFor(fault, { health: { active: check } }), probeContext({ samples: 1, patience: 5 }));
    expect(result.observations[0]!.evidence[0]).toBe('accepted the connection, no response in 1.0 s');
  });

  it('--patience 1 gives up at the check timeout, as the gateway does', async () => {
    const fault = await start(slowServer(800));
    const check = activeCheck({ timeoutMs: 300 });
    const result = await httpProbe(targetFor(fault, { health: { active: check } }), probeContext({ samples: 1, patience: 1 }));
    // Without the extra wait uh cannot tell slow from hung: the answer that came at 800 ms was never heard.
    expect(result.observations[0]).toMatchObject({ cause: 'health-timeout' });
    expect(result.observations[0]!.evidence[0]).toBe('accepted the connection, no response in 300 ms');
  });

  it('answers after the check timeout but within the extra wait → health-timeout-too-short', async () => {
    const fault = await start(slowServer(800));
    const check = activeCheck({ timeoutMs: 400 }); // --patience 5: uh keeps listening up to 2 s
    const result = await httpProbe(targetFor(fault, { health: { active: check } }), probeContext({ samples: 1, patience: 5 }));
    expect(result.outcome).toBe('warn');
    expect(result.observations[0]).toMatchObject({ cause: 'health-timeout-too-short', severity: 'warning' });
    expect(result.observations[0]!.evidence[0]).toMatch(/^answered in (\d+ ms|\d\.\d s); check timeout 400 ms$/);
    expect(result.facts.latencyMs).toBeGreaterThanOrEqual(790);
  });
});

describe('http probe: something other than HTTP on the port', () => {
  it('an SSH banner → protocol-not-http, quoting what came back', async () => {
    const fault = await start(startNotHttpServer('ssh'));
    const result = await httpProbe(targetFor(fault), ctx());
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]).toMatchObject({ cause: 'protocol-not-http', severity: 'critical' });
    expect(result.observations[0]!.evidence[0]).toContain('SSH-2.0-OpenSSH');
  });

  it('a Redis error reply → protocol-not-http', async () => {
    const fault = await start(startNotHttpServer('redis'));
    const result = await httpProbe(targetFor(fault), ctx());
    expect(result.observations[0]).toMatchObject({ cause: 'protocol-not-http', severity: 'critical' });
    expect(result.observations[0]!.evidence[0]).toContain('-ERR unknown command');
  });

  it('an h2c-only upstream answering with a SETTINGS frame → protocol-http1-to-h2-only', async () => {
    const fault = await start(startH2OnlyServer());
    const result = await httpProbe(targetFor(fault), ctx());
    expect(result.observations[0]).toMatchObject({ cause: 'protocol-http1-to-h2-only', severity: 'critical' });
    expect(result.observations[0]!.evidence[0]).toContain('HTTP/2 SETTINGS frame');
  });

  it('no address to connect to → skip with the reason', async () => {
    const fault = await start(healthyServer());
    const target = { ...targetFor(fault), ip: undefined };
    const result = await httpProbe(target, ctx());
    expect(result.outcome).toBe('skip');
    expect(result.message).toContain('no address');
  });
});

describe('http probe: TLS on the port', () => {
  it('plain HTTP to a TLS port → plaintext-to-tls', async () => {
    const fault = await start(startTlsServer({ cert: 'valid' }));
    const result = await httpProbe(targetFor(fault), ctx());
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]).toMatchObject({ cause: 'plaintext-to-tls', severity: 'critical' });
    expect(result.observations[0]!.evidence[0]).toContain('the port completes a TLS handshake');
  });

  it('a certificate the gateway would reject: fail with the TLS code, and no health verdict (the tls probe owns it)', async () => {
    const fault = await start(startTlsServer({ cert: 'expired' }));
    const tls = tlsSettings({ sni: 'localhost', caInline: fault.caPem, verify: true });
    const result = await httpProbe(targetFor(fault, { tls }), ctx(1));
    expect(result.outcome).toBe('fail');
    expect(result.code).toBe('CERT_HAS_EXPIRED');
    expect(result.observations).toEqual([]);
  });

  it('speaks HTTPS with the gateway SNI and trust store when the group has tls', async () => {
    const fault = await start(startTlsServer({ cert: 'valid' }));
    const tls = tlsSettings({ sni: 'localhost', caInline: (fault as { caPem?: string }).caPem });
    const result = await httpProbe(targetFor(fault, { tls }), ctx(1));
    expect(result.outcome).toBe('pass');
    expect(result.facts.url).toBe(`https://127.0.0.1:${fault.port}/`);
    expect(result.facts.timings?.tls).toBeGreaterThanOrEqual(0);
  });
});

describe('http probe: the check speaks what the gateway speaks', () => {
  it('h2c group: the check goes over h2 with prior knowledge', async () => {
    const fault = await start(startH2OnlyServer());
    const result = await httpProbe(targetFor(fault, { protocol: 'h2c' }), ctx(1));
    expect(result.outcome).toBe('pass');
    expect(result.facts.status).toBe(200);
  });

  it('h2 group over TLS: ALPN h2', async () => {
    const fault = await start(startH2OnlyServer({ tls: true }));
    const tls = tlsSettings({ sni: 'localhost', caInline: fault.caPem });
    const result = await httpProbe(targetFor(fault, { protocol: 'h2', tls }), ctx(1));
    expect(result.outcome).toBe('pass');
  });

  it('h2c group against an HTTP/1.1-only upstream fails without blaming the health endpoint', async () => {
    const fault = await start(startHttp1OnlyServer());
    const result = await httpProbe(targetFor(fault, { protocol: 'h2c' }), ctx(1));
    expect(result.outcome).toBe('fail');
    expect(result.observations.map((o) => o.cause)).not.toContain('health-status-mismatch');
  });
});

describe('http probe: bounds and other sockets', () => {
  it('stops when the run is cancelled (ctx.signal), without waiting out the check', async () => {
    const fault = await start(hangingServer());
    const check = activeCheck({ timeoutMs: 2000 }); // would listen up to 10 s
    const started = performance.now();
    const result = await httpProbe(targetFor(fault, { health: { active: check } }), probeContext({ signal: AbortSignal.timeout(300) }));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.outcome).toBe('skip'); // 300 ms of silence proves nothing against a 2 s check
    expect(result.message).toMatch(/^skip: cancelled after \d+ ms, before the check's 2\.0 s timeout$/);
  });

  it('cancelled after the check timeout has passed: health-timeout for as long as uh waited', async () => {
    const fault = await start(hangingServer());
    const check = activeCheck({ timeoutMs: 300 }); // would listen up to 1.5 s
    const result = await httpProbe(targetFor(fault, { health: { active: check } }), probeContext({ signal: AbortSignal.timeout(900) }));
    expect(result.observations[0]).toMatchObject({ cause: 'health-timeout', severity: 'critical' });
    expect(result.observations[0]!.evidence[0]).toMatch(/^accepted the connection, no response in \d+ ms$/);
  });

  it('checks an upstream on a unix socket, with the configured Host', async () => {
    const socketPath = path.join(mkdtempSync(path.join(tmpdir(), 'uh-http-')), 'app.sock');
    const hosts: Array<string | undefined> = [];
    const server = http.createServer((req, res) => {
      hosts.push(req.headers.host);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const target = probeTarget({ socketPath, host: 'app.internal', group: { health: { active: activeCheck() } } });
      const result = await httpProbe({ ...target, host: 'app.internal' }, ctx(1));
      expect(result.outcome).toBe('pass');
      expect(hosts).toEqual(['app.internal']);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

/** Whether this machine has IPv6 loopback (containers often do not). */
async function hasIpv6Loopback(): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}

describe('http probe: IPv6', () => {
  it('checks a target on [::1], sending Host with brackets', async (testCtx) => {
    if (!(await hasIpv6Loopback())) testCtx.skip('no IPv6 loopback (::1) on this machine');
    const hosts: Array<string | undefined> = [];
    const fault = await start(startHttpServer((req, res) => {
      hosts.push(req.headers.host);
      res.end('ok');
    }, '::1'));
    const target = probeTarget({ host: '::1', ip: '::1', port: fault.port });
    const result = await httpProbe(target, ctx(1));
    expect(result.outcome).toBe('pass');
    expect(hosts).toEqual([`[::1]:${fault.port}`]);
    expect(fault.address).toBe(`[::1]:${fault.port}`);
  });
});

