import { describe, expect, it } from 'vitest';
import { memoryLog } from '../../src/proxy/log.js';
import type { Proxy } from '../../src/proxy/server.js';
import { client, closedAfterEach, get, rawExchange, serve, startUpstream } from './helpers.js';
import { gateway, group } from './model.js';

describe('uh serve: bad input from clients and upstreams', () => {
  const run = closedAfterEach();

  async function start(handler?: Parameters<typeof startUpstream>[1]): Promise<Proxy> {
    const a = await startUpstream('a', handler);
    run.ups.push(a);
    ({ proxy: run.proxy } = await serve(gateway([group('web', [a.address])]), { maxBodyBytes: 1024 }));
    return run.proxy;
  }

  it('answers 400 to a malformed request and 431 to an oversized head, and keeps serving', async () => {
    const p = await start();
    expect(await rawExchange(p.address.port, 'NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    const huge = `GET / HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`;
    expect(await rawExchange(p.address.port, huge)).toMatch(/^HTTP\/1\.1 431 /);
    run.agent = client();
    expect((await get(run.agent, `${p.address.url}/`)).status).toBe(200);
  });

  it('answers 413 with a JSON body to a request body over the limit, without calling the upstream', async () => {
    const p = await start();
    run.agent = client();
    const answer = await get(run.agent, `${p.address.url}/upload`, { 'content-type': 'text/plain' }, 'POST', 'x'.repeat(2048));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toMatchObject({ error: 'payload_too_large' });
    expect(run.ups[0]!.hits).toBe(0);
  });

  it('streams request bodies to the upstream and answers back', async () => {
    const p = await start((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.writeHead(200).end(`got ${Buffer.concat(chunks).length}`));
    });
    run.agent = client();
    expect((await get(run.agent, `${p.address.url}/echo`, {}, 'POST', 'y'.repeat(900))).text).toBe('got 900');
  });

  it('an upstream that resets mid-response ends only that response', async () => {
    const p = await start((req, res) => {
      req.resume();
      if (req.url === '/broken') {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('partial');
        setImmediate(() => res.socket?.destroy());
        return;
      }
      res.writeHead(200).end('fine');
    });
    run.agent = client();
    const fine = get(run.agent, `${p.address.url}/fine`);
    await expect(get(run.agent, `${p.address.url}/broken`)).rejects.toThrow();
    expect((await fine).text).toBe('fine');
    expect((await get(run.agent, `${p.address.url}/fine`)).text).toBe('fine');
  });

  it('answers 502 with the catalog cause when the only target refuses connections', async () => {
    const p = await start();
    await run.ups[0]!.kill();
    run.agent = client();
    const answer = await get(run.agent, `${p.address.url}/`);
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.text)).toMatchObject({ error: 'bad_gateway', group: 'web', cause: 'tcp-refused', attempts: 1 });
  });

  it('answers 504 with cause health-timeout when the upstream accepts and never answers', async () => {
    const a = await startUpstream('hang', (req) => void req.resume());
    run.ups.push(a);
    ({ proxy: run.proxy } = await serve(gateway([group('web', [a.address], { timeouts: { requestMs: 300 } })])));
    run.agent = client();
    const answer = await get(run.agent, `${run.proxy.address.url}/`);
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.text)).toMatchObject({ error: 'gateway_timeout', cause: 'health-timeout' });
  });

  it('a client that gives up cancels the upstream request too (logged as 499)', async () => {
    let upstreamClosed: () => void = () => undefined;
    const cancelled = new Promise<void>((resolve) => (upstreamClosed = resolve));
    let arrived: () => void = () => undefined;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const a = await startUpstream('slow', (req, res) => {
      req.resume();
      res.on('close', () => upstreamClosed());
      arrived();
    });
    run.ups.push(a);
    let logged: () => void = () => undefined;
    const lineWritten = new Promise<void>((resolve) => (logged = resolve));
    const log = memoryLog(() => logged());
    ({ proxy: run.proxy } = await serve(gateway([group('web', [a.address])]), { log }));
    run.agent = client();
    const controller = new AbortController();
    const { request } = await import('undici');
    const pending = request(`${run.proxy.address.url}/slow`, { dispatcher: run.agent, signal: controller.signal }).catch((err: Error) => err);
    await reached;
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    await cancelled;
    await lineWritten;
    expect(log.lines).toEqual([expect.objectContaining({ path: '/slow', status: 499 })]);
  });
});
