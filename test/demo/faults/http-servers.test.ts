/**
 * The HTTP fault servers behave as their names promise (so `uh demo` and the probe tests stand on
 * real faults), and close() frees the port even with a request left hanging.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { RunningFault } from '../../../src/demo/faults/types.js';
import {
  authServer, failingDependencyServer, flappingServer, hangingServer, healthyServer, overloadedServer, slowServer,
  wrongHealthPathServer,
} from '../../../src/demo/faults/http-servers.js';
import { startNotHttpServer } from '../../../src/demo/faults/not-http.js';
import { closedAfterEach } from '../../helpers/running-faults.js';

const { start, forget } = closedAfterEach();

async function get(fault: RunningFault, path = '/health') {
  const res = await request(`http://${fault.address}${path}`, { headersTimeout: 5000, bodyTimeout: 5000 });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}

describe('HTTP fault servers', () => {
  it('listen on 127.0.0.1 and name their address as a config would', async () => {
    const fault = await start(healthyServer());
    expect(fault.address).toBe(`127.0.0.1:${fault.port}`);
    expect((await get(fault)).status).toBe(200);
  });

  it('wrongHealthPathServer: 404 on /health, 200 on /', async () => {
    const fault = await start(wrongHealthPathServer());
    expect((await get(fault, '/health')).status).toBe(404);
    expect((await get(fault, '/')).status).toBe(200);
  });

  it('failingDependencyServer names the database in its body', async () => {
    const fault = await start(failingDependencyServer(500));
    const res = await get(fault);
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ status: 'down', checks: { database: 'connection refused' } });
  });

  it('flappingServer alternates 200 and 503', async () => {
    const fault = await start(flappingServer());
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(fault)).status);
    expect(statuses).toEqual([200, 503, 200, 503]);
  });

  it('overloadedServer: 429 with Retry-After; authServer: 401 with a challenge', async () => {
    const busy = await start(overloadedServer());
    const auth = await start(authServer());
    const a = await get(busy);
    const b = await get(auth);
    expect([a.status, a.headers['retry-after']]).toEqual([429, '5']);
    expect([b.status, b.headers['www-authenticate']]).toEqual([401, 'Bearer realm="api"']);
  });

  it('slowServer answers no sooner than asked', async () => {
    const fault = await start(slowServer(300));
    const started = performance.now();
    expect((await get(fault)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('hangingServer never answers, and close() still frees the port', async () => {
    const fault = await start(hangingServer());
    const pending = request(`http://${fault.address}/health`, { headersTimeout: 20_000 }).then(
      () => 'answered',
      () => 'aborted',
    );
    const socket = net.connect(fault.port, '127.0.0.1');
    socket.on('error', () => undefined); // close() resets it: that is the point
    await new Promise((resolve) => socket.once('connect', resolve));
    await fault.close();
    forget();
    expect(await pending).toBe('aborted');
    const refused = await new Promise<string>((resolve) => {
      const probe = net.connect(fault.port, '127.0.0.1');
      probe.once('connect', () => { probe.destroy(); resolve('connected'); });
      probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
    socket.destroy();
  });

  it('not-http: ssh speaks first with its banner', async () => {
    const fault = await start(startNotHttpServer('ssh'));
    const socket = net.connect(fault.port, '127.0.0.1');
    const banner = await new Promise<string>((resolve) => socket.once('data', (b: Buffer) => resolve(b.toString('latin1'))));
    socket.destroy();
    expect(banner).toMatch(/^SSH-2\.0-/);
  });
});
