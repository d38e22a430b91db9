import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from 'undici';
import { loadConfig } from '../../src/config/load.js';
import { reloadFrom } from '../../src/proxy/lifecycle.js';
import type { Proxy } from '../../src/proxy/server.js';
import type { Upstream } from './helpers.js';
import { client, get, serve, startUpstream } from './helpers.js';

describe('uh serve reads the uh YAML of contract §5', () => {
  let proxy: Proxy | undefined;
  let agent: Agent | undefined;
  let dir: string | undefined;
  const ups: Upstream[] = [];
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
    await proxy?.close(500);
    proxy = undefined;
    await Promise.all(ups.splice(0).map((u) => u.kill()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('routes by path prefix to the named groups, and a reload from the edited file re-routes', async () => {
    const users = await startUpstream('users');
    const orders = await startUpstream('orders');
    ups.push(users, orders);
    dir = mkdtempSync(join(tmpdir(), 'uh-serve-'));
    const path = join(dir, 'uh.yaml');
    const yaml = (ordersTarget: string): string => `
access_log: off
upstreams:
  users:
    targets:
      - address: ${users.address}
    retries: {attempts: 1, on: [connect_failure], backoff: 10ms, max_backoff: 50ms, budget: 20%}
  orders:
    targets:
      - address: ${ordersTarget}
routes:
  - match: {path_prefix: /users}
    upstream: users
  - match: {path_prefix: /orders}
    upstream: orders
`;
    writeFileSync(path, yaml(orders.address));
    ({ proxy } = await serve(loadConfig(path)));
    agent = client();
    expect((await get(agent, `${proxy.address.url}/users/1`)).text).toBe('users');
    expect((await get(agent, `${proxy.address.url}/orders/7`)).text).toBe('orders');
    expect((await get(agent, `${proxy.address.url}/other`)).status).toBe(404);

    writeFileSync(path, yaml(users.address));
    expect(await reloadFrom(proxy, () => loadConfig(path))).toBe(true);
    expect((await get(agent, `${proxy.address.url}/orders/7`)).text).toBe('users');

    writeFileSync(path, 'upstreams:\n  users:\n    targetz: []\n');
    expect(await reloadFrom(proxy, () => loadConfig(path))).toBe(false);
    expect((await get(agent, `${proxy.address.url}/users/1`)).text).toBe('users');
  });
});
