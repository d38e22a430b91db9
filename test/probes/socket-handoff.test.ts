import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunOptions } from '../../src/probes/run.js';
import { runProbes } from '../../src/probes/run.js';
import { SocketHandoff } from '../../src/probes/socket-handoff.js';
import { activeCheck, config, group, target } from '../diagnosis/builders.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A healthy HTTP server that counts the TCP connections it accepted. */
async function countingServer(): Promise<{ port: number; connections: () => number }> {
  let count = 0;
  const server = http.createServer((_req, res) => res.end('ok'));
  server.on('connection', () => { count += 1; });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return { port: (server.address() as AddressInfo).port, connections: () => count };
}

const options = (overrides: Partial<RunOptions> = {}): RunOptions => {
  const hosts = path.join(mkdtempSync(path.join(tmpdir(), 'uh-handoff-')), 'hosts');
  writeFileSync(hosts, '');
  return {
    concurrency: 4, deadlineMs: 20_000, timeoutMs: 3000, samples: 1, expiringWithinDays: 14, now: Date.now,
    hostsFile: hosts, resolvers: [{ host: '127.0.0.1', port: 9 }], ...overrides,
  };
};

describe('one connection per plain-text target', () => {
  it('the health check is sent on the connection the TCP layer opened and watched', async () => {
    const web = await countingServer();
    const g = group('app', [target(`127.0.0.1:${web.port}`)], { health: { active: activeCheck() } });
    const run = await runProbes(config([g]), options());
    const results = run.targets[0]!.paths[0]!.results;
    expect(results.find((r) => r.probe === 'tcp')?.outcome).toBe('pass');
    expect(results.find((r) => r.probe === 'http')).toMatchObject({ outcome: 'pass', facts: { status: 200 } });
    expect(web.connections()).toBe(1);
  });

  it('later samples still open a connection each, as a gateway\'s checks do', async () => {
    const web = await countingServer();
    const g = group('app', [target(`127.0.0.1:${web.port}`)], { health: { active: activeCheck() } });
    const run = await runProbes(config([g]), options({ samples: 3 }));
    expect(run.targets[0]!.paths[0]!.results.find((r) => r.probe === 'http')?.facts).toMatchObject({ samples: [{ status: 200 }, { status: 200 }, { status: 200 }] });
    expect(web.connections()).toBe(3);
  });

  it('a check on a separate health port dials that port, and the TCP connection is closed', async () => {
    const app = await countingServer();
    const health = await countingServer();
    const g = group('app', [target(`127.0.0.1:${app.port}`)], { health: { active: activeCheck({ port: health.port }) } });
    const run = await runProbes(config([g]), options());
    expect(run.targets[0]!.paths[0]!.results.find((r) => r.probe === 'http')?.outcome).toBe('pass');
    expect([app.connections(), health.connections()]).toEqual([1, 1]);
  });
});

describe('SocketHandoff', () => {
  it('hands over an open socket once, and never one the peer has closed', async () => {
    const server = net.createServer((s) => s.on('error', () => undefined));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const port = (server.address() as AddressInfo).port;
    const connect = (): Promise<net.Socket> => new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(s));
    });
    const handoff = new SocketHandoff();
    const open = await connect();
    handoff.offer(open, 1);
    expect(handoff.take()?.socket).toBe(open);
    expect(handoff.take()).toBeUndefined();
    open.destroy();

    const closed = await connect();
    handoff.offer(closed, 1);
    closed.destroy();
    expect(handoff.take()).toBeUndefined();
  });
});
