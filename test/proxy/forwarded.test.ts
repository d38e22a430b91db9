import { describe, expect, it } from 'vitest';
import type { Proxy } from '../../src/proxy/server.js';
import { client, closedAfterEach, configFromYaml, get, serve, startUpstream, stateReached, targetOf } from './helpers.js';

describe('uh serve: the 503 topology stays inside when a proxy forwards for someone else', () => {
  const run = closedAfterEach(500);

  /** One group whose only target is down (its process gone), checked fast enough for a test. */
  async function serveWithDeadTarget(top = ''): Promise<Proxy> {
    const gone = await startUpstream('gone');
    await gone.kill();
    ({ proxy: run.proxy } = await serve(configFromYaml(`${top}upstreams:
  web:
    targets:
      - address: ${gone.address}
    health:
      active: {type: tcp, interval: 100ms, fall: 1}
`)));
    const p = run.proxy;
    await stateReached(p, gone.address, (c) => c.state === 'unhealthy', () => targetOf(p, gone.address).state() === 'unhealthy');
    run.agent = client();
    return p;
  }

  async function body503(p: Proxy, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
    const answer = await get(run.agent!, `${p.address.url}/`, headers);
    expect(answer.status).toBe(503);
    return JSON.parse(answer.text) as Record<string, unknown>;
  }

  it('a loopback peer carrying X-Forwarded-For or Forwarded gets the summary body; without them, the full one', async () => {
    const p = await serveWithDeadTarget();
    expect(await body503(p)).toHaveProperty('targets');
    const forwardedBy: Record<string, string>[] = [{ 'x-forwarded-for': '203.0.113.7' }, { forwarded: 'for=203.0.113.7;proto=https' }, { 'x-forwarded-for': '127.0.0.1' }, { 'x-real-ip': '198.51.100.2' }];
    for (const headers of forwardedBy) {
      const body = await body503(p, headers);
      expect(Object.keys(body).sort()).toEqual(['error', 'group', 'requestId']);
    }
  });

  it('trusted_proxies: the forwarded client address decides, read from the right past the trusted hops', async () => {
    const p = await serveWithDeadTarget('trusted_proxies: [127.0.0.0/8, 10.0.0.0/8]\n');
    // A client behind the trusted proxy that is itself on loopback: believed, full body.
    expect(await body503(p, { 'x-forwarded-for': '127.0.0.1' })).toHaveProperty('targets');
    expect(await body503(p, { forwarded: 'for="[::1]:4711", for=10.1.2.3' })).toHaveProperty('targets');
    // A remote client, or a remote client that wrote a loopback address in front of its own: summary.
    expect(await body503(p, { 'x-forwarded-for': '203.0.113.7' })).not.toHaveProperty('targets');
    expect(await body503(p, { 'x-forwarded-for': '127.0.0.1, 203.0.113.7, 10.0.0.5' })).not.toHaveProperty('targets');
    // Two fields that disagree, or one that is not an address: summary.
    expect(await body503(p, { 'x-forwarded-for': '127.0.0.1', forwarded: 'for=203.0.113.7' })).not.toHaveProperty('targets');
    expect(await body503(p, { forwarded: 'for=unknown' })).not.toHaveProperty('targets');
  });

  it('a peer outside trusted_proxies is not believed, whatever it forwards', async () => {
    const p = await serveWithDeadTarget('trusted_proxies: [10.0.0.0/8]\n');
    expect(await body503(p, { 'x-forwarded-for': '127.0.0.1' })).not.toHaveProperty('targets');
    expect(await body503(p)).toHaveProperty('targets');
  });
});
