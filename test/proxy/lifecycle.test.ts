import { once } from 'node:events';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { WAITING_REASON } from '../../src/proxy/health/active-checker.js';
import { reloadFrom } from '../../src/proxy/lifecycle.js';
import { client, closedAfterEach, get, serve, startUpstream, stateReached, targetOf } from './helpers.js';
import { active, gateway, group } from './model.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';

describe('uh serve lifecycle', () => {
  const run = closedAfterEach();

  it('graceful stop: refuses new connections but completes the request in flight', async () => {
    let release: (() => void) | undefined;
    let arrive: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const slow = await startUpstream('slow', (req, res) => {
      req.resume();
      release = () => res.writeHead(200).end('finished');
      arrive();
    });
    run.ups.push(slow);
    ({ proxy: run.proxy } = await serve(gateway([group('web', [slow.address])])));
    run.agent = client();
    const inFlight = get(run.agent, `${run.proxy.address.url}/long`);
    await arrived;
    const port = run.proxy.address.port;
    const closing = run.proxy.close(10_000);
    run.proxy = undefined;
    const probe = connect(port, '127.0.0.1');
    const [err] = (await once(probe, 'error')) as [NodeJS.ErrnoException];
    expect(err.code).toBe('ECONNREFUSED');
    release!();
    expect(await inFlight).toMatchObject({ status: 200, text: 'finished' });
    await closing;
  });

  it('reload keeps the health of unchanged targets; a new target waits for its first passing check', async () => {
    const a = { address: `127.0.0.1:${await refusedPort()}` }; // stays refused (below the ephemeral range)
    const b = await startUpstream('b');
    const c = await startUpstream('c');
    run.ups.push(b, c);
    const check = active({ type: 'tcp', intervalMs: 100, rise: 1, fall: 1 });
    ({ proxy: run.proxy } = await serve(gateway([group('web', [a.address, b.address], { health: { active: check } })])));
    await stateReached(run.proxy, a.address, (ch) => ch.state === 'unhealthy', () => !targetOf(run.proxy!, a.address).healthy());
    const before = targetOf(run.proxy, a.address).mainFlag()!;

    await reloadFrom(run.proxy, () => gateway([group('web', [a.address, b.address, c.address], { health: { active: check } })]));
    expect(targetOf(run.proxy, a.address).mainFlag()).toEqual(before);
    expect(targetOf(run.proxy, b.address).healthy()).toBe(true);
    const fresh = targetOf(run.proxy, c.address);
    if (!fresh.healthy()) expect(fresh.mainFlag()!.reason).toBe(WAITING_REASON);
    await stateReached(run.proxy, c.address, (ch) => ch.state === 'healthy', () => targetOf(run.proxy!, c.address).healthy());
    run.agent = client();
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) seen.add((await get(run.agent, `${run.proxy.address.url}/`)).text);
    expect(seen).toEqual(new Set(['b', 'c']));
  });

  it('an invalid new config is rejected with a log line and the old one keeps serving', async () => {
    const a = await startUpstream('a');
    run.ups.push(a);
    const started = await serve(gateway([group('web', [a.address])]));
    run.proxy = started.proxy;
    const ok = await reloadFrom(run.proxy, () => {
      throw new ConfigError('UH_CONFIG_UNKNOWN_KEY', 'unknown key "upstream" (did you mean "upstreams"?)', { file: 'uh.yaml', line: 3, column: 1 });
    });
    expect(ok).toBe(false);
    expect(started.log.events.find((e) => e.event === 'reload-rejected')).toMatchObject({ error: 'uh.yaml:3:1: unknown key "upstream" (did you mean "upstreams"?)' });
    run.agent = client();
    expect((await get(run.agent, `${run.proxy.address.url}/`)).text).toBe('a');
  });
});
