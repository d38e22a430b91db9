import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from 'undici';
import type { Proxy } from '../../src/proxy/server.js';
import type { StateChange } from '../../src/proxy/target-state.js';
import type { Upstream } from './helpers.js';
import { client, get, serve, startUpstream } from './helpers.js';
import { gateway, group } from './model.js';

describe('uh serve: a flapping target', () => {
  let proxy: Proxy | undefined;
  let agent: Agent | undefined;
  const ups: Upstream[] = [];
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
    await proxy?.close(1000);
    await Promise.all(ups.splice(0).map((u) => u.kill()));
  });

  it('trips the circuit breaker, answers 503 open-circuit, half-opens, and closes on a good trial', async () => {
    let healthy = false;
    let n = 0;
    const flappy = await startUpstream('flappy', (req, res) => {
      req.resume();
      n++;
      res.writeHead(healthy || n % 2 === 0 ? 200 : 500).end('x');
    });
    ups.push(flappy);
    ({ proxy } = await serve(gateway([
      group('web', [flappy.address], { circuitBreaker: { failureRatio: 0.5, minRequests: 4, windowMs: 10_000, openForMs: 400 } }),
    ])));
    const changes: StateChange[] = [];
    proxy.on('state', (c: StateChange) => changes.push(c));
    const halfOpen = new Promise<void>((resolve) => proxy!.on('state', (c: StateChange) => c.signal === 'openCircuit' && !c.set && resolve()));
    agent = client();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(agent, `${proxy.address.url}/`)).status);
    expect(statuses).toEqual([500, 200, 500, 200]);
    expect(changes.map((c) => [c.signal, c.set, c.state])).toEqual([['openCircuit', true, 'open-circuit']]);

    const refused = await get(agent, `${proxy.address.url}/`);
    expect(refused.status).toBe(503);
    const body = JSON.parse(refused.text) as { targets: { state: string; reason: string }[] };
    expect(body.targets[0]).toMatchObject({ state: 'open-circuit' });
    expect(body.targets[0]!.reason).toMatch(/circuit open: 50% of 4 requests failed/);
    expect(flappy.hits).toBe(4);

    await halfOpen;
    healthy = true;
    expect((await get(agent, `${proxy.address.url}/`)).status).toBe(200);
    expect(proxy.groups()[0]!.breaker(proxy.groups()[0]!.targets[0]!)!.state).toBe('closed');
    expect((await get(agent, `${proxy.address.url}/`)).status).toBe(200);
  });
});
