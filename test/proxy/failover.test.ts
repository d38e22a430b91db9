import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { client, closedAfterEach, get, serve, startUpstream, stateReached, targetOf } from './helpers.js';
import { active, gateway, group, passive, target } from './model.js';

describe('uh serve: a target dies under load', () => {
  const run = closedAfterEach();

  it('is ejected and retried around with zero failed GETs, then comes back once rise checks pass', async () => {
    const a = await startUpstream('a');
    const b = await startUpstream('b');
    run.ups.push(a, b);
    ({ proxy: run.proxy } = await serve(gateway([
      group('web', [a.address, b.address], {
        health: { active: active({ type: 'tcp', intervalMs: 100, unhealthyIntervalMs: 50, rise: 2, fall: 2 }), passive: passive({ maxFailures: 2, ejectForMs: 300 }) },
        retries: { attempts: 2, on: ['connect_failure', 'reset', '502', '503'], backoffMs: 5, maxBackoffMs: 20, budget: 1 },
      }),
    ])));
    run.agent = client();
    const total = 400;
    const killAt = 100;
    let sent = 0;
    let killed: Promise<void> | undefined;
    const statuses = new Map<number | string, number>();
    const worker = async (): Promise<void> => {
      while (sent < total) {
        sent++;
        if (sent === killAt) killed = b.kill();
        const status = await get(run.agent!, `${run.proxy!.address.url}/item`).then((r) => r.status, (err: Error) => err.message);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await killed;
    expect(statuses).toEqual(new Map([[200, total]]));
    expect(b.hits).toBeGreaterThan(0);
    expect(targetOf(run.proxy!, b.address).healthy()).toBe(false);

    // The process comes back: after `rise` passing checks (and the ejection's end) it takes traffic again.
    await b.revive();
    await stateReached(run.proxy!, b.address, (c) => c.state === 'healthy', () => targetOf(run.proxy!, b.address).healthy());
    const hitsBefore = b.hits;
    for (let i = 0; i < 10; i++) expect((await get(run.agent, `${run.proxy!.address.url}/again`)).status).toBe(200);
    expect(b.hits).toBeGreaterThan(hitsBefore);
  });

  it('uses backup targets only while no primary is healthy', async () => {
    const a = await startUpstream('primary');
    const c = await startUpstream('backup');
    run.ups.push(a, c);
    ({ proxy: run.proxy } = await serve(gateway([
      group('web', [target(a.address), target(c.address, { backup: true })], { health: { active: active({ type: 'tcp', intervalMs: 50, rise: 1, fall: 1 }) } }),
    ])));
    run.agent = client();
    for (let i = 0; i < 5; i++) expect((await get(run.agent, `${run.proxy.address.url}/`)).text).toBe('primary');
    await a.kill();
    await stateReached(run.proxy, a.address, (ch) => ch.state === 'unhealthy', () => !targetOf(run.proxy!, a.address).healthy());
    for (let i = 0; i < 5; i++) expect((await get(run.agent, `${run.proxy.address.url}/`)).text).toBe('backup');
    await a.revive();
    await stateReached(run.proxy, a.address, (ch) => ch.state === 'healthy', () => targetOf(run.proxy!, a.address).healthy());
    expect((await get(run.agent, `${run.proxy.address.url}/`)).text).toBe('primary');
  });

  it('keeps retries within the budget during a total outage (counting upstream attempts)', async () => {
    const clients = 50;
    const held: (() => void)[] = [];
    const outage = (_req: unknown, res: ServerResponse): void => {
      const answer = (): void => void res.writeHead(503).end('down');
      // The first wave is held until every client request is in flight, so the budget sees them all.
      if (held.length < clients && !released) {
        held.push(answer);
        if (held.length === clients) {
          released = true;
          for (const h of held) h();
        }
      } else answer();
    };
    let released = false;
    const a = await startUpstream('a', (req, res) => { req.resume(); outage(req, res); });
    const b = await startUpstream('b', (req, res) => { req.resume(); outage(req, res); });
    run.ups.push(a, b);
    ({ proxy: run.proxy } = await serve(gateway([
      group('web', [a.address, b.address], { retries: { attempts: 3, on: ['503'], backoffMs: 1, maxBackoffMs: 2, budget: 0.2 } }),
    ])));
    run.agent = client();
    const answers = await Promise.all(Array.from({ length: clients }, () => get(run.agent!, `${run.proxy!.address.url}/`)));
    expect(answers.every((r) => r.status === 503)).toBe(true);
    const attempts = a.hits + b.hits;
    // Without a budget: 50 × (1 + 3) = 200 attempts. With 20%: at most 10 retries at once per wave.
    expect(attempts).toBeGreaterThan(clients);
    expect(attempts).toBeLessThanOrEqual(clients + 3 * 10);
  });
});
