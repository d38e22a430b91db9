import { EventEmitter, once } from 'node:events';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Handler } from './helpers.js';
import { client, closedAfterEach, get, serve, startUpstream, targetOf } from './helpers.js';
import { gateway, group, passive } from './model.js';

const LIMIT = 8 * 1024;
const CHUNK = 1024;

/** What an upstream request body came to once its stream closed (an aborted upload is not complete). */
interface Seen {
  readonly bytes: number;
  readonly complete: boolean;
}

/**
 * An upstream that counts the body bytes it receives and answers with the count. `early` sends
 * the response head before reading anything (as an app streaming its answer to an upload would).
 */
function countingUpstream(early = false): { handler: Handler; seen: (i: number) => Promise<Seen> } {
  const done: Seen[] = [];
  const events = new EventEmitter();
  const handler: Handler = (req, res) => {
    let bytes = 0;
    if (early) res.writeHead(200).write('started');
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.once('end', () => (early ? res : res.writeHead(200)).end(`${bytes}`));
    req.once('close', () => {
      done.push({ bytes, complete: req.complete });
      events.emit('seen');
    });
  };
  const seen = async (i: number): Promise<Seen> => {
    while (done.length <= i) await once(events, 'seen');
    return done[i]!;
  };
  return { handler, seen };
}

interface Upload {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** Resolves when the client's connection is closed (the proxy said `connection: close`). */
  readonly closed: Promise<unknown>;
}

/** POST `count` chunks of `CHUNK` bytes with Transfer-Encoding: chunked, on its own connection. */
async function uploadChunked(url: string, count: number): Promise<Upload> {
  const req = httpRequest(`${url}/upload`, { method: 'POST', agent: false, headers: { 'transfer-encoding': 'chunked' } });
  // The proxy may close while the rest is still being written: the answer is what is checked.
  req.on('error', () => undefined);
  const socket = once(req, 'socket') as Promise<[NodeJS.EventEmitter]>;
  for (let i = 0; i < count; i++) req.write(Buffer.alloc(CHUNK, 0x61 + (i % 26)));
  req.end();
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  const [s] = await socket;
  const closed = once(s, 'close');
  let text = '';
  res.setEncoding('utf8');
  for await (const part of res) text += part as string;
  return { status: res.statusCode!, headers: res.headers, text, closed };
}

describe('uh serve: a client uploads with Transfer-Encoding: chunked (no Content-Length)', () => {
  const run = closedAfterEach();

  /** One target that a single recorded failure would eject: a refusal blamed on it would show. */
  async function start(early = false) {
    const counting = countingUpstream(early);
    const a = await startUpstream('a', counting.handler);
    run.ups.push(a);
    const web = group('web', [a.address], { health: { passive: passive({ maxFailures: 1, maxEjectedPercent: 100 }) } });
    const started = await serve(gateway([web]), { maxBodyBytes: LIMIT });
    run.proxy = started.proxy;
    return { a, counting, log: started.log, url: started.proxy.address.url };
  }

  it('refuses a body that grows past maxBodyBytes with the 413 JSON, forwards no more than the limit, and closes the connection', async () => {
    const { a, counting, log, url } = await start();
    const answer = await uploadChunked(url, 64);
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers.connection).toBe('close');
    const body = JSON.parse(answer.text) as Record<string, unknown>;
    expect(body).toEqual({ error: 'payload_too_large', requestId: answer.headers['x-request-id'] });
    await answer.closed;
    const upstream = await counting.seen(0);
    expect(upstream.complete).toBe(false);
    expect(upstream.bytes).toBeLessThanOrEqual(LIMIT);
    // The client's oversized body is not the target's failure: nothing counted, nothing ejected.
    expect(targetOf(run.proxy!, a.address).failures).toBe(0);
    expect(log.lines.find((l) => l.status === 413)).not.toHaveProperty('cause');
    run.agent = client();
    expect(await get(run.agent, `${url}/next`)).toMatchObject({ status: 200, text: '0' });
  });

  it('passes a chunked body up to the limit through intact, and the proxy keeps serving', async () => {
    const { counting, url } = await start();
    const under = await uploadChunked(url, 5);
    expect(under).toMatchObject({ status: 200, text: `${5 * CHUNK}` });
    expect(await counting.seen(0)).toEqual({ bytes: 5 * CHUNK, complete: true });
    const exact = await uploadChunked(url, LIMIT / CHUNK);
    expect(exact).toMatchObject({ status: 200, text: `${LIMIT}` });
    expect(await counting.seen(1)).toEqual({ bytes: LIMIT, complete: true });
  });

  it('still takes a Content-Length body up to the limit and refuses a larger one before forwarding', async () => {
    const { a, url } = await start();
    run.agent = client();
    expect(await get(run.agent, `${url}/cl`, {}, 'POST', 'x'.repeat(LIMIT))).toMatchObject({ status: 200, text: `${LIMIT}` });
    const over = await get(run.agent, `${url}/cl`, {}, 'POST', 'x'.repeat(LIMIT + 1));
    expect(over.status).toBe(413);
    expect(JSON.parse(over.text)).toMatchObject({ error: 'payload_too_large' });
    expect(a.hits).toBe(1);
  });

  it('cuts the client connection when the upstream had already started its answer', async () => {
    const { counting, url } = await start(true);
    const req = httpRequest(`${url}/upload`, { method: 'POST', agent: false, headers: { 'transfer-encoding': 'chunked' } });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(CHUNK));
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    expect(res.statusCode).toBe(200);
    // The cut shows as an 'aborted' error on the answer (events.once would reject on it): wait for 'close'.
    const cut = new Promise((resolve) => res.once('close', resolve));
    res.on('error', () => undefined);
    res.resume();
    for (let i = 0; i < 2 * (LIMIT / CHUNK); i++) req.write(Buffer.alloc(CHUNK));
    await cut;
    expect(res.complete).toBe(false);
    expect((await counting.seen(0)).bytes).toBeLessThanOrEqual(LIMIT);
  });
});

describe('uh serve: the upstream hangs up in the middle of an upload', () => {
  const run = closedAfterEach();

  /** POST `size` bytes with a Content-Length, in 16 KiB writes, on its own connection. */
  async function upload(url: string, size: number): Promise<{ status: number; text: string }> {
    const req = httpRequest(`${url}/upload`, { method: 'POST', agent: false, headers: { 'content-length': String(size) } });
    req.on('error', () => undefined);
    for (let sent = 0; sent < size; sent += 16 * 1024) req.write(Buffer.alloc(Math.min(16 * 1024, size - sent), 0x62));
    req.end();
    // A dropped connection is an answer too (status 0): the test must fail on it, not hang.
    const res = await new Promise<IncomingMessage | undefined>((resolve) => {
      req.once('response', resolve);
      req.once('close', () => resolve(undefined));
    });
    if (!res) return { status: 0, text: '' };
    let text = '';
    res.setEncoding('utf8');
    for await (const part of res) text += part as string;
    return { status: res.statusCode!, text };
  }

  it('answers the client 502 with the cause, instead of dropping its connection', async () => {
    // Reads the first piece of the body, then resets the connection: a crashed or restarting app.
    const a = await startUpstream('a', (req, res) => {
      if (req.method === 'POST') req.once('data', () => req.socket.destroy());
      else res.end('ok');
    });
    run.ups.push(a);
    const started = await serve(gateway([group('web', [a.address])]));
    run.proxy = started.proxy;
    const answer = await upload(started.proxy.address.url, 8 * 1024 * 1024); // far beyond the 64 KiB replay buffer and the socket buffers: still uploading when the target hangs up
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.text)).toMatchObject({ error: 'bad_gateway', group: 'web', attempts: 1 });
    run.agent = client();
    expect(await get(run.agent, `${started.proxy.address.url}/next`)).toMatchObject({ status: 200, text: 'ok' });
  });
});
