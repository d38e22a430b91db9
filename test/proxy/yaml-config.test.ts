import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { reloadFrom } from '../../src/proxy/lifecycle.js';
import { client, closedAfterEach, get, serve, startUpstream } from './helpers.js';

describe('uh serve reads the uh YAML of contract §5', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  // Registered after the hook above, so it runs first (vitest runs after-hooks as a stack): close, then remove the folder.
  const run = closedAfterEach(500);

  it('routes by path prefix to the named groups, and a reload from the edited file re-routes', async () => {
    const users = await startUpstream('users');
    const orders = await startUpstream('orders');
    run.ups.push(users, orders);
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
    ({ proxy: run.proxy } = await serve(loadConfig(path)));
    run.agent = client();
    expect((await get(run.agent, `${run.proxy.address.url}/users/1`)).text).toBe('users');
    expect((await get(run.agent, `${run.proxy.address.url}/orders/7`)).text).toBe('orders');
    expect((await get(run.agent, `${run.proxy.address.url}/other`)).status).toBe(404);

    writeFileSync(path, yaml(users.address));
    expect(await reloadFrom(run.proxy, () => loadConfig(path))).toBe(true);
    expect((await get(run.agent, `${run.proxy.address.url}/orders/7`)).text).toBe('users');

    writeFileSync(path, 'upstreams:\n  users:\n    targetz: []\n');
    expect(await reloadFrom(run.proxy, () => loadConfig(path))).toBe(false);
    expect((await get(run.agent, `${run.proxy.address.url}/users/1`)).text).toBe('users');
  });
});
