import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from 'undici';
import { ConfigError } from '../../src/errors.js';
import { WAITING_REASON } from '../../src/proxy/health/active-checker.js';
import { reloadFrom } from '../../src/proxy/lifecycle.js';
import type { Proxy } from '../../src/proxy/server.js';
import type { Upstream } from './helpers.js';
import { client, get, serve, startUpstream, stateReached, targetOf } from './helpers.js';
import { active, gateway, group } from './model.js';

describe('uh serve lifecycle', () => {
  let proxy: Proxy | undefined;
  let agent: Agent | undefined;
  const ups: Upstream[] = [];
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
    await proxy?.close(1000);
    proxy = undefined;
    await Promise.all(ups.splice(0).map((u) => u.kill()));
  });

  it('graceful stop: refuses new connections but completes the request in flight', async () => {
    let release: (() => void) | undefined;
    let arrive: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const slow = await startUpstream('slow', (req, res) => {
      req.resume();
      release = () => res.writeHead(200).end('finished');
      arrive();
    });
    ups.push(slow);
    ({ proxy } = await serve(gateway([group('web', [slow.address])])));
    agent = client();
    const inFlight = get(agent, `${proxy.address.url}/long`);
    await arrived;
    const port = proxy.address.port;
    const closing = proxy.close(10_000);
    proxy = undefined;
    const probe = connect(port, '127.0.0.1');
    const [err] = (await once(probe, 'error')) as [NodeJS.ErrnoException];
    expect(err.code).toBe('ECONNREFUSED');
    release!();
    expect(await inFlight).toMatchObject({ status: 200, text: 'finished' });
    await closing;
  });

  it('reload keeps the health of unchanged targets; a new target waits for its first passing check', async () => {
    const a = await startUpstream('a');
    const b = await startUpstream('b');
    const c = await startUpstream('c');
    ups.push(a, b, c);
    await a.kill();
    const check = active({ type: 'tcp', intervalMs: 100, rise: 1, fall: 1 });
    ({ proxy } = await serve(gateway([group('web', [a.address, b.address], { health: { active: check } })])));
    await stateReached(proxy, a.address, (ch) => ch.state === 'unhealthy', () => !targetOf(proxy!, a.address).healthy());
    const before = targetOf(proxy, a.address).mainFlag()!;

    await reloadFrom(proxy, () => gateway([group('web', [a.address, b.address, c.address], { health: { active: check } })]));
    expect(targetOf(proxy, a.address).mainFlag()).toEqual(before);
    expect(targetOf(proxy, b.address).healthy()).toBe(true);
    const fresh = targetOf(proxy, c.address);
    if (!fresh.healthy()) expect(fresh.mainFlag()!.reason).toBe(WAITING_REASON);
    await stateReached(proxy, c.address, (ch) => ch.state === 'healthy', () => targetOf(proxy!, c.address).healthy());
    agent = client();
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) seen.add((await get(agent, `${proxy.address.url}/`)).text);
    expect(seen).toEqual(new Set(['b', 'c']));
  });

  it('an invalid new config is rejected with a log line and the old one keeps serving', async () => {
    const a = await startUpstream('a');
    ups.push(a);
    const started = await serve(gateway([group('web', [a.address])]));
    proxy = started.proxy;
    const ok = await reloadFrom(proxy, () => {
      throw new ConfigError('UH_CONFIG_UNKNOWN_KEY', 'unknown key "upstream" (did you mean "upstreams"?)', { file: 'uh.yaml', line: 3, column: 1 });
    });
    expect(ok).toBe(false);
    expect(started.log.events.find((e) => e.event === 'reload-rejected')).toMatchObject({ error: 'uh.yaml:3:1: unknown key "upstream" (did you mean "upstreams"?)' });
    agent = client();
    expect((await get(agent, `${proxy.address.url}/`)).text).toBe('a');
  });
});
