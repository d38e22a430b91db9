import net from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tcpProbe } from '../../src/probes/tcp.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import {
  refusedPort, startBlackhole, startCloseServer, startFullBacklog, startResetServer,
} from '../../src/demo/faults/tcp.js';
import { probeContext, probeTarget } from '../helpers/probe-context.js';

const running: RunningFault[] = [];
async function track(fault: Promise<RunningFault>): Promise<RunningFault> {
  const f = await fault;
  running.push(f);
  return f;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((f) => f.close()));
});

describe('tcp probe: can the gateway open a connection?', () => {
  it('passes against a listener that accepts (even one that never answers)', async () => {
    const hole = await track(startBlackhole());
    const result = await tcpProbe(probeTarget({ ip: '127.0.0.1', port: hole.port }), probeContext());
    expect(result.outcome).toBe('pass');
    expect(result.observations).toEqual([]);
    expect(result.message).toMatch(new RegExp(`connected to 127\\.0\\.0\\.1:${hole.port} in [\\d.]+ ms`));
    expect(result.facts.connectMs).toBeGreaterThanOrEqual(0);
    expect(result.facts.localAddress).toBe('127.0.0.1');
  });

  it('reports one connect time: the check\'s ms is the number its message states (the reset watch is not connect time)', async () => {
    const hole = await track(startBlackhole());
    const result = await tcpProbe(probeTarget({ ip: '127.0.0.1', port: hole.port }), probeContext());
    const stated = Number(/ in ([\d.]+) ms$/.exec(result.message)?.[1]);
    expect(result.ms).toBe(stated);
    expect(result.ms).toBe(result.facts.connectMs);
    const port = await refusedPort();
    const refused = await tcpProbe(probeTarget({ ip: '127.0.0.1', port }), probeContext());
    expect(refused.ms).toBe(Number(/ after ([\d.]+) ms$/.exec(refused.message)?.[1]));
  });

  it('says tcp-refused when nothing listens on the port', async () => {
    const port = await refusedPort();
    const result = await tcpProbe(probeTarget({ ip: '127.0.0.1', port }), probeContext());
    expect(result.outcome).toBe('fail');
    expect(result.code).toBe('ECONNREFUSED');
    const [obs] = result.observations;
    expect(obs?.cause).toBe('tcp-refused');
    expect(obs?.severity).toBe('critical');
    expect(obs?.evidence[0]).toMatch(new RegExp(`^connect ECONNREFUSED 127\\.0\\.0\\.1:${port} after [\\d.]+ ms$`));
  });

  it('says tcp-reset when the peer resets right after accepting', async () => {
    const reset = await track(startResetServer());
    const result = await tcpProbe(probeTarget({ ip: '127.0.0.1', port: reset.port }), probeContext());
    expect(result.outcome).toBe('fail');
    expect(result.code).toBe('ECONNRESET');
    expect(result.observations[0]?.cause).toBe('tcp-reset');
    // The RST may land before or after the 'connect' event: either way the evidence names it.
    expect(result.observations[0]?.evidence[0]).toMatch(/ECONNRESET \S*127\.0\.0\.1:\d+|reset by peer \(ECONNRESET\)/);
  });

  it('says tcp-reset when the peer closes (FIN) before any byte', async () => {
    const closer = await track(startCloseServer());
    const result = await tcpProbe(probeTarget({ ip: '127.0.0.1', port: closer.port }), probeContext());
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]?.cause).toBe('tcp-reset');
    expect(result.observations[0]?.evidence[0]).toContain('closed by peer (FIN)');
  });

  it.runIf(process.platform === 'linux')('says tcp-timeout when SYNs are dropped, within the gateway connect timeout', async () => {
    const full = await track(startFullBacklog());
    const result = await tcpProbe(probeTarget({ ip: '127.0.0.1', port: full.port, connectMs: 800 }), probeContext());
    expect(result.outcome).toBe('fail');
    expect(result.code).toBe('CONNECT_TIMEOUT');
    expect(result.observations[0]?.cause).toBe('tcp-timeout');
    expect(result.observations[0]?.evidence[0]).toContain("Timeout awaiting 'connect' for 800ms");
    expect(result.ms).toBeGreaterThanOrEqual(790);
  });

  it('connects to unix sockets and says tcp-refused when the socket file is missing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'uh-sock-'));
    const socketPath = path.join(dir, 'app.sock');
    const missing = await tcpProbe(probeTarget({ socketPath }), probeContext());
    expect(missing.outcome).toBe('fail');
    expect(missing.observations[0]?.cause).toBe('tcp-refused');
    expect(missing.message).toContain(`ENOENT unix:${socketPath}`);

    const server = net.createServer((s) => s.resume());
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const ok = await tcpProbe(probeTarget({ socketPath }), probeContext());
      expect(ok.outcome).toBe('pass');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('connects over IPv6 loopback and brackets the address in evidence', async (ctx) => {
    let port: number;
    try {
      port = await refusedPort('::1');
    } catch (err) {
      ctx.skip(`no IPv6 loopback here: ${(err as Error).message}`);
      return;
    }
    const refused = await tcpProbe(probeTarget({ host: '::1', ip: '::1', port }), probeContext());
    expect(refused.observations[0]?.evidence[0]).toMatch(new RegExp(`^connect ECONNREFUSED \\[::1\\]:${port} after`));
    const hole = await track(startBlackhole('::1'));
    expect(hole.address).toBe(`[::1]:${hole.port}`);
    const ok = await tcpProbe(probeTarget({ host: '::1', ip: '::1', port: hole.port }), probeContext());
    expect(ok.outcome).toBe('pass');
  });

  it('skips, with the reason, when there is no address to connect to', async () => {
    const result = await tcpProbe(probeTarget({ host: 'users.internal', port: 80 }), probeContext());
    expect(result.outcome).toBe('skip');
    expect(result.message).toContain('did not resolve');
  });

  it.runIf(process.platform === 'linux')('stops, and says skip, when the run is aborted mid-connect', async () => {
    const full = await track(startFullBacklog());
    const controller = new AbortController();
    const pending = tcpProbe(probeTarget({ ip: '127.0.0.1', port: full.port }), probeContext({ signal: controller.signal, timeoutMs: 20_000 }));
    controller.abort();
    const result = await pending;
    expect(result.outcome).toBe('skip');
    expect(result.code).toBe('ABORTED');
    expect(result.ms).toBeLessThan(10_000);
  });
});
