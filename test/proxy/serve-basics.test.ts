import { describe, expect, it } from 'vitest';
import type { Handler } from './helpers.js';
import { client, closedAfterEach, get, rawExchange, serve, startUpstream, stateReached, targetOf } from './helpers.js';
import { active, gateway, group, route } from './model.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';

describe('uh serve: a user puts uh in front of two local services', () => {
  const run = closedAfterEach();

  it('forwards requests, balances round-robin, passes x-forwarded-* and x-request-id, strips hop-by-hop headers', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const recording: Handler = (req, res, up) => {
      seen.push(req.headers);
      req.resume();
      res.writeHead(200, { 'x-upstream': up.name, connection: 'x-secret', 'x-secret': 'hop' });
      res.end(up.name);
    };
    const a = await startUpstream('a', recording);
    const b = await startUpstream('b', recording);
    run.ups.push(a, b);
    ({ proxy: run.proxy } = await serve(gateway([group('web', [a.address, b.address], { balance: 'round_robin' })])));
    run.agent = client();
    const names: string[] = [];
    for (let i = 0; i < 6; i++) names.push((await get(run.agent, `${run.proxy.address.url}/x`)).text);
    expect(names.filter((n) => n === 'a')).toHaveLength(3);
    expect(names.filter((n) => n === 'b')).toHaveLength(3);
    const h = seen[0]!;
    expect(h['x-forwarded-for']).toBe('127.0.0.1');
    expect(h['x-forwarded-proto']).toBe('http');
    expect(h['x-forwarded-host']).toBe(`127.0.0.1:${run.proxy.address.port}`);
    expect(h['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await rawExchange(run.proxy.address.port, 'GET /raw HTTP/1.1\r\nhost: x\r\nconnection: x-drop, close\r\nx-drop: 1\r\nx-keep: 2\r\n\r\n');
    const raw = seen.find((s) => s['x-keep'] === '2');
    expect(raw).toBeDefined();
    expect(raw!['x-drop']).toBeUndefined();
    const answer = await get(run.agent, `${run.proxy.address.url}/y`, { 'x-request-id': 'given-1' });
    expect(answer.headers['x-request-id']).toBe('given-1');
    expect(answer.headers['x-upstream']).toMatch(/^[ab]$/);
    expect(answer.headers['x-secret']).toBeUndefined();
  });

  it('answers the exact contract 503 when no target is healthy, with retry-after and x-request-id', async () => {
    // A port below the ephemeral range stays refused: no other test's listen(0) can be handed it.
    const a = { address: `127.0.0.1:${await refusedPort()}` };
    ({ proxy: run.proxy } = await serve(gateway([group('users', [a.address], { health: { active: active({ type: 'tcp', fall: 1 }) } })])));
    await stateReached(run.proxy, a.address, (c) => c.state === 'unhealthy', () => targetOf(run.proxy!, a.address).state() === 'unhealthy');
    run.agent = client();
    const answer = await get(run.agent, `${run.proxy.address.url}/users/1`, { 'x-request-id': 'req-42' });
    expect(answer.status).toBe(503);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['x-request-id']).toBe('req-42');
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const body = JSON.parse(answer.text) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['error', 'group', 'requestId', 'targets']);
    expect(body).toMatchObject({ error: 'no_healthy_upstream', group: 'users', requestId: 'req-42' });
    const [t] = body.targets as Record<string, string>[];
    expect(t).toMatchObject({ address: a.address, state: 'unhealthy', cause: 'tcp-refused' });
    expect(t!.reason).toMatch(/^1 consecutive active checks failed: .*ECONNREFUSED/);
    expect(new Date(t!.since!).toISOString()).toBe(t!.since);
  });

  it('names the catalog cause in the 503 when an http check cannot connect (same id diagnose uses)', async () => {
    const a = { address: `127.0.0.1:${await refusedPort()}` };
    ({ proxy: run.proxy } = await serve(gateway([group('users', [a.address], { health: { active: active({ type: 'http', fall: 1 }) } })])));
    await stateReached(run.proxy, a.address, (c) => c.state === 'unhealthy', () => targetOf(run.proxy!, a.address).state() === 'unhealthy');
    run.agent = client();
    const answer = await get(run.agent, `${run.proxy.address.url}/users/1`);
    expect(answer.status).toBe(503);
    const [t] = (JSON.parse(answer.text) as { targets: Record<string, string>[] }).targets;
    expect(t).toMatchObject({ address: a.address, state: 'unhealthy', cause: 'tcp-refused' });
  });

  it('serves /status, /metrics and /healthz on the admin listener', async () => {
    const a = await startUpstream('a');
    run.ups.push(a);
    ({ proxy: run.proxy } = await serve(gateway([group('web', [a.address])])));
    run.agent = client();
    await get(run.agent, `${run.proxy.address.url}/`);
    const admin = run.proxy.adminAddress!.url;
    expect((await get(run.agent, `${admin}/healthz`)).text).toBe('ok\n');
    const status = JSON.parse((await get(run.agent, `${admin}/status`)).text) as { groups: { name: string; targets: { address: string; state: string; requests: number }[] }[] };
    expect(status.groups[0]).toMatchObject({ name: 'web', targets: [{ address: a.address, state: 'healthy', requests: 1 }] });
    const metrics = (await get(run.agent, `${admin}/metrics`)).text;
    expect(metrics).toContain(`uh_requests_total{group="web",target="${a.address}",code="200"} 1`);
    expect(metrics).toContain(`uh_target_healthy{group="web",target="${a.address}"} 1`);
    expect(metrics).toMatch(/uh_request_duration_seconds_count\{group="web"\} 1/);
  });

  it('answers 404 with a JSON body for a request no route matches', async () => {
    const a = await startUpstream('a');
    run.ups.push(a);
    ({ proxy: run.proxy } = await serve(gateway([group('web', [a.address])], [route('web', { pathPrefix: '/api' })])));
    run.agent = client();
    const answer = await get(run.agent, `${run.proxy.address.url}/other`);
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.text)).toMatchObject({ error: 'no_route' });
    expect(a.hits).toBe(0);
  });
});
