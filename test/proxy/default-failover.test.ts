import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import { client, closedAfterEach, get, loadWhile, serve, startUpstream, targetOf } from './helpers.js';
import { gateway, group } from './model.js';

/** The config a user writes: two targets and an active check, nothing else (no `passive`, no `retries`). */
function userYaml(a: string, b: string): string {
  return `access_log: off
upstreams:
  web:
    targets:
      - address: ${a}
      - address: ${b}
    health:
      active:
        path: /
`;
}

describe('uh serve with the defaults: a failover loses no request', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const run = closedAfterEach(500);

  function configFile(a: string, b: string): string {
    dir = mkdtempSync(join(tmpdir(), 'uh-default-failover-'));
    const path = join(dir, 'uh.yaml');
    writeFileSync(path, userYaml(a, b));
    return path;
  }

  it('one of two targets is killed under load (listener closed, sockets destroyed): zero client errors, and it is ejected', async () => {
    const a = await startUpstream('a');
    const b = await startUpstream('b');
    run.ups.push(a, b);
    ({ proxy: run.proxy } = await serve(loadConfig(configFile(a.address, b.address))));
    run.agent = client();
    let killed: Promise<void> | undefined;
    const total = 600;
    const statuses = await loadWhile(run.agent, `${run.proxy.address.url}/item`, total, (n) => {
      if (n === 150) killed = b.kill();
    });
    await killed;
    expect(statuses).toEqual(new Map([[200, total]]));
    expect(b.hits).toBeGreaterThan(0);
    // The active check (5 s interval, fall 3) cannot have marked it yet: passive ejection did.
    expect(targetOf(run.proxy, b.address).state()).toBe('ejected');
  });

  it('one of two targets is a refused port from the start: zero client errors, and it is ejected', async () => {
    const a = await startUpstream('a');
    run.ups.push(a);
    const dead = `127.0.0.1:${await refusedPort()}`;
    ({ proxy: run.proxy } = await serve(loadConfig(configFile(dead, a.address))));
    run.agent = client();
    const total = 400;
    const statuses = await loadWhile(run.agent, `${run.proxy.address.url}/item`, total);
    expect(statuses).toEqual(new Map([[200, total]]));
    expect(a.hits).toBeGreaterThanOrEqual(total); // plus the active checks
    expect(targetOf(run.proxy, dead).state()).toBe('ejected');
  });
});

describe('uh serve with the defaults: a target dies with many requests on it', () => {
  const run = closedAfterEach(500);

  it('retries them all, a few at a time within the budget (at least 3 at once), instead of failing those beyond it', async () => {
    const held: ServerResponse[] = [];
    const sockets = new Set<Socket>();
    const dying = await startUpstream('dying', (req, res) => {
      req.resume();
      held.push(res);
      // Every request sent to it is in flight when it dies: reset after the request was sent.
      if (held.length === 8) for (const s of sockets) s.destroy();
    });
    dying.server.on('connection', (s: Socket) => sockets.add(s));
    const alive = await startUpstream('alive');
    run.ups.push(dying, alive);
    ({ proxy: run.proxy } = await serve(gateway([group('web', [dying.address, alive.address])])));
    run.agent = client();
    const answers = await Promise.all(Array.from({ length: 16 }, () => get(run.agent!, `${run.proxy!.address.url}/`)));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 16 }, () => 200));
    expect(held).toHaveLength(8);
    expect(run.proxy.groups()[0]!.metrics.retriesDenied).toBe(0);
  });
});
