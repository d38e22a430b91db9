import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import { memoryLog } from '../../src/proxy/log.js';
import { Proxy } from '../../src/proxy/server.js';
import { envoyBootstrap } from './envoy-bootstrap.js';
import { client, closedAfterEach, get, loadWhile, startUpstream } from './helpers.js';

describe('uh serve of an Envoy bootstrap behaves like Envoy (tested on its documented v3 format: no Envoy binary here)', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const run = closedAfterEach(500);

  async function start(yaml: string): Promise<Proxy> {
    dir = mkdtempSync(join(tmpdir(), 'uh-envoy-serve-'));
    const path = join(dir, 'envoy.yaml');
    writeFileSync(path, yaml);
    run.proxy = await Proxy.start(loadConfig(path), { admin: false, log: memoryLog() });
    run.agent = client();
    return run.proxy;
  }

  it('listens on the listener address; with retry_policy gateway-error one endpoint killed under load costs zero client errors', async () => {
    const a = await startUpstream('a');
    const b = await startUpstream('b');
    run.ups.push(a, b);
    const port = await refusedPort();
    const proxy = await start(envoyBootstrap({
      listenPort: port,
      endpoints: [a.address, b.address],
      route: 'retry_policy: { retry_on: gateway-error, num_retries: 1 }',
      cluster: 'outlier_detection: {}',
    }));
    expect(proxy.addresses.map((x) => x.port)).toEqual([port]);
    const total = 400;
    let killed: Promise<void> | undefined;
    const statuses = await loadWhile(run.agent!, `http://127.0.0.1:${port}/`, total, (n) => {
      if (n === 100) killed = b.kill();
    });
    await killed;
    expect(statuses).toEqual(new Map([[200, total]]));
  });

  it('without a retry_policy Envoy retries nothing, not even a refused connect: the request that picked the dead endpoint gets 502', async () => {
    const a = await startUpstream('a');
    run.ups.push(a);
    const dead = `127.0.0.1:${await refusedPort()}`;
    const proxy = await start(envoyBootstrap({ listenPort: 0, endpoints: [a.address, dead] }));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(run.agent!, `${proxy.address.url}/`)).status);
    expect(statuses).toContain(502);
    expect(statuses).toContain(200);
  });

  it('circuit_breakers max_requests caps the cluster: a request beyond it gets 503 overloaded, without trying a target', async () => {
    const release: (() => void)[] = [];
    const slow = await startUpstream('slow', (req, res) => {
      req.resume();
      release.push(() => res.end('late'));
    });
    run.ups.push(slow);
    const proxy = await start(envoyBootstrap({
      listenPort: 0,
      endpoints: [slow.address],
      cluster: 'circuit_breakers:\n  thresholds:\n  - max_requests: 1',
    }));
    const arrived = once(slow.server, 'request');
    const first = get(run.agent!, `${proxy.address.url}/`);
    await arrived;
    const second = await get(run.agent!, `${proxy.address.url}/`);
    expect(second.status).toBe(503);
    expect(JSON.parse(second.text)).toMatchObject({ error: 'overloaded', group: 'web', attempts: 0 });
    expect(slow.hits).toBe(1);
    for (const r of release) r();
    expect((await first).status).toBe(200);
  });
});
