import { describe, expect, it } from 'vitest';
import type { StateChange } from '../../src/proxy/target-state.js';
import { client, closedAfterEach, get, serve, startUpstream } from './helpers.js';
import { gateway, group } from './model.js';

describe('uh serve: a flapping target', () => {
  const run = closedAfterEach();

  it('trips the circuit breaker, answers 503 open-circuit, half-opens, and closes on a good trial', async () => {
    let healthy = false;
    let n = 0;
    const flappy = await startUpstream('flappy', (req, res) => {
      req.resume();
      n++;
      res.writeHead(healthy || n % 2 === 0 ? 200 : 500).end('x');
    });
    run.ups.push(flappy);
    ({ proxy: run.proxy } = await serve(gateway([
      group('web', [flappy.address], { circuitBreaker: { failureRatio: 0.5, minRequests: 4, windowMs: 10_000, openForMs: 400 } }),
    ])));
    const changes: StateChange[] = [];
    run.proxy.on('state', (c: StateChange) => changes.push(c));
    const halfOpen = new Promise<void>((resolve) => run.proxy!.on('state', (c: StateChange) => c.signal === 'openCircuit' && !c.set && resolve()));
    run.agent = client();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(run.agent, `${run.proxy.address.url}/`)).status);
    expect(statuses).toEqual([500, 200, 500, 200]);
    expect(changes.map((c) => [c.signal, c.set, c.state])).toEqual([['openCircuit', true, 'open-circuit']]);

    const refused = await get(run.agent, `${run.proxy.address.url}/`);
    expect(refused.status).toBe(503);
    const body = JSON.parse(refused.text) as { targets: { state: string; reason: string }[] };
    expect(body.targets[0]).toMatchObject({ state: 'open-circuit' });
    expect(body.targets[0]!.reason).toMatch(/circuit open: 50% of 4 requests failed/);
    expect(flappy.hits).toBe(4);

    await halfOpen;
    healthy = true;
    expect((await get(run.agent, `${run.proxy.address.url}/`)).status).toBe(200);
    expect(run.proxy.groups()[0]!.breaker(run.proxy.groups()[0]!.targets[0]!)!.state).toBe('closed');
    expect((await get(run.agent, `${run.proxy.address.url}/`)).status).toBe(200);
  });
});
