import { describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { connect } from 'node:net';
import { noHealthyUpstreamBody } from '../../src/proxy/no-healthy-upstream.js';
import { notEmulated } from '../../src/proxy/startup-notes.js';
import { TargetState } from '../../src/proxy/target-state.js';
import { client, closedAfterEach, get, serve, startUpstream, stateReached, targetOf } from './helpers.js';
import { active, gateway, group, target } from './model.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';

describe('uh serve explains itself', () => {
  const run = closedAfterEach(500);

  it('gives non-loopback clients only error, group and requestId (explain: summary)', () => {
    const t = new TargetState('users', target('10.0.0.1:80'), 10);
    t.set('ejected', { reason: 'ejected for 30000ms', since: 0, cause: 'tcp-refused' });
    expect(noHealthyUpstreamBody('users', 'r1', [t], false, 0)).toEqual({ error: 'no_healthy_upstream', group: 'users', requestId: 'r1' });
    expect(noHealthyUpstreamBody('users', 'r1', [t], true, 0)).toEqual({
      error: 'no_healthy_upstream', group: 'users', requestId: 'r1',
      targets: [{ address: '10.0.0.1:80', state: 'ejected', reason: 'ejected for 30000ms', since: '1970-01-01T00:00:00.000Z', cause: 'tcp-refused' }],
    });
  });

  it('lists at start what an nginx or Envoy config asks for that serve does not emulate', () => {
    const retries = { attempts: 1, on: [], backoffMs: 0, maxBackoffMs: 0, budget: 1, declared: { proxy_next_upstream: 'error non_idempotent' } };
    const base = gateway([group('legacy', ['10.0.0.1:80'], { protocol: 'fastcgi', balance: 'other:least_time', retries })]);
    const lines = notEmulated({ ...base, source: { ...base.source, format: 'nginx' } });
    expect(lines[0]).toMatch(/^nginx: only upstream blocks .*proxy_next_upstream and location\/proxy_pass routing/);
    expect(lines).toContain('group legacy: protocol fastcgi is not proxied (HTTP only)');
    expect(lines).toContain('group legacy: balance other:least_time is not emulated; p2c is used');
    expect(lines).toContain('group legacy: proxy_next_upstream non_idempotent is not emulated: a request that was sent is retried only when idempotent');
  });

  it('writes one access-log line per request and one event per target state change', async () => {
    const a = await startUpstream('a');
    run.ups.push(a);
    const b = { address: `127.0.0.1:${await refusedPort()}` }; // stays refused (below the ephemeral range)
    const started = await serve(gateway([group('web', [a.address, b.address], { health: { active: active({ fall: 1 }) } })]));
    run.proxy = started.proxy;
    await stateReached(run.proxy, b.address, (c) => c.state === 'unhealthy', () => !targetOf(run.proxy!, b.address).healthy());
    run.agent = client();
    await get(run.agent, `${run.proxy.address.url}/one`, { 'x-request-id': 'log-1' });
    expect(started.log.lines).toEqual([
      expect.objectContaining({ requestId: 'log-1', method: 'GET', path: '/one', group: 'web', target: a.address, attempts: 1, status: 200 }),
    ]);
    const changes = started.log.events.filter((e) => e.event === 'target-state');
    expect(changes).toEqual([expect.objectContaining({ address: b.address, signal: 'failedActive', set: true, state: 'unhealthy' })]);
  });

  it('fails open when configured (Envoy panic mode) and logs it once', async () => {
    const a = await startUpstream('a');
    run.ups.push(a);
    const started = await serve(gateway([group('web', [a.address], { onAllUnhealthy: 'fail_open' })]));
    run.proxy = started.proxy;
    targetOf(run.proxy, a.address).set('ejected', { reason: 'test: ejected by hand', since: Date.now() });
    run.agent = client();
    expect((await get(run.agent, `${run.proxy.address.url}/`)).text).toBe('a');
    expect((await get(run.agent, `${run.proxy.address.url}/`)).text).toBe('a');
    expect(started.log.events.filter((e) => e.event === 'panic')).toHaveLength(1);
  });

  it('passes WebSocket-style Upgrade requests through to the target', async () => {
    const a = await startUpstream('ws');
    run.ups.push(a);
    a.server.on('upgrade', (req, socket) => {
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: echo\r\nconnection: upgrade\r\nx-saw-xff: ${String(req.headers['x-forwarded-for'])}\r\n\r\n`);
      socket.on('data', (d: Buffer) => socket.write(d.toString().toUpperCase()));
    });
    ({ proxy: run.proxy } = await serve(gateway([group('web', [a.address])])));
    const sock = connect(run.proxy.address.port, '127.0.0.1');
    sock.write('GET /ws HTTP/1.1\r\nhost: x\r\nconnection: upgrade\r\nupgrade: echo\r\n\r\n');
    let seen = '';
    const got = (text: string): Promise<void> =>
      new Promise((resolve) => {
        const onData = (d: Buffer): void => {
          seen += d.toString();
          if (seen.includes(text)) {
            sock.off('data', onData);
            resolve();
          }
        };
        sock.on('data', onData);
      });
    await got('\r\n\r\n');
    expect(seen).toMatch(/^HTTP\/1\.1 101 /);
    expect(seen).toContain('x-saw-xff: 127.0.0.1');
    sock.write('hello');
    await got('HELLO');
    sock.end();
    await once(sock, 'close');
  });
});
