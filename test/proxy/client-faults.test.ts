import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLog } from '../../src/proxy/log.js';
import type { Proxy } from '../../src/proxy/server.js';
import type { Upstream } from './helpers.js';
import { client, closedAfterEach, configFromYaml, get, rawExchange, serve, startUpstream, targetOf, twoTargetsYaml } from './helpers.js';

const CURL = ['/usr/bin/curl', '/bin/curl'].find((p) => existsSync(p));

/** An upstream that reads the whole body and says how much it got (and whether an Expect reached it). */
function echoSize(req: IncomingMessage, res: ServerResponse, up: Upstream): void {
  let n = 0;
  req.on('data', (c: Buffer) => (n += c.length));
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/plain', 'x-upstream': up.name, 'x-saw-expect': String(req.headers.expect !== undefined) });
    res.end(`${up.name} got ${n}`);
  });
}

/** Write a request, then read until `done` says the answer is complete (or the server closes). */
function rawUntil(port: number, write: (socket: ReturnType<typeof connect>, seen: () => string) => void, done: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('connect', () => write(socket, () => text));
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
      socket.emit('progress');
      if (done(text)) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
  });
}

describe('uh serve: what a client sends is never a target\'s failure', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const run = closedAfterEach(500);
  let log: ReturnType<typeof memoryLog>;

  /** The config a user writes: two targets and an active check, nothing else. */
  async function serveYaml(extra = '', handler = echoSize): Promise<Proxy> {
    const a = await startUpstream('a', handler);
    const b = await startUpstream('b', handler);
    run.ups.push(a, b);
    log = memoryLog();
    ({ proxy: run.proxy } = await serve(configFromYaml(twoTargetsYaml(a, b, extra)), { log }));
    return run.proxy;
  }

  /** Both targets in rotation with no failure charged, and every plain GET answered 200 by both. */
  async function expectBothUntouched(p: Proxy): Promise<void> {
    for (const up of run.ups) {
      const t = targetOf(p, up.address);
      expect({ address: up.address, state: t.state(), failures: t.failures, ejections: t.ejections })
        .toEqual({ address: up.address, state: 'healthy', failures: 0, ejections: 0 });
    }
    run.agent = client();
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(run.agent!, `${p.address.url}/after`)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((a) => a.headers['x-upstream']))).toEqual(new Set(['a', 'b']));
  }

  const duplicateHost = 'GET /dup HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\nConnection: close\r\n\r\n';

  it.skipIf(!CURL)('curl uploads with Expect: 100-continue and two-Host requests: 25 of each, nothing ejected, every later GET is 200', async () => {
    const p = await serveYaml();
    dir = mkdtempSync(join(tmpdir(), 'uh-client-faults-'));
    const body = join(dir, 'upload.bin');
    writeFileSync(body, Buffer.alloc(4096, 'x'));
    const url = `${p.address.url}/upload`;
    // One curl run, 25 URLs on one kept-alive connection; -H forces the Expect curl sends on its own above 1 MiB.
    const { stdout } = await promisify(execFile)(CURL!, ['-s', '-H', 'Expect: 100-continue', '--data-binary', `@${body}`, '-w', ' %{http_code}\n', ...Array(25).fill(url)], { timeout: 20_000 });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(25);
    for (const line of lines) expect(line).toMatch(/^[ab] got 4096 200$/);
    for (let i = 0; i < 25; i++) {
      const answer = await rawExchange(p.address.port, duplicateHost);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: 'bad_request', reason: expect.stringContaining('2 Host header fields') });
    }
    await expectBothUntouched(p);
  });

  it('with passive ejection configured to eject everything, 50 such requests still eject nothing', async () => {
    const p = await serveYaml(`      passive:
        max_failures: 3
        max_ejected_percent: 100
`);
    for (let i = 0; i < 25; i++) {
      expect(await rawExchange(p.address.port, duplicateHost)).toMatch(/^HTTP\/1\.1 400 /);
      const upload = await rawUntil(p.address.port, (s, seen) => {
        s.write('POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n');
        // The body goes only after uh said 100 Continue: the way a client that waits for it behaves.
        const sendBody = (): void => {
          if (!seen().includes('100 Continue')) return;
          s.off('progress', sendBody);
          s.write(Buffer.alloc(2048, 'y'));
        };
        s.on('progress', sendBody);
      }, (text) => /\r\n\r\n[ab] got 2048$/.test(text));
      expect(upload).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
      expect(upload).toContain('x-saw-expect: false');
    }
    await expectBothUntouched(p);
  });

  it('a request target undici will not send (OPTIONS *) is a 400 naming why, not a 502 against the target', async () => {
    // A route on the host alone matches any request target, so `*` reaches the upstream client.
    const p = await serveYaml(`routes:
  - match: {host: api.example}
    upstream: web
`);
    for (let i = 0; i < 10; i++) {
      const answer = await rawExchange(p.address.port, 'OPTIONS * HTTP/1.1\r\nHost: api.example\r\nConnection: close\r\n\r\n');
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
        error: 'bad_request',
        reason: expect.stringContaining('cannot forward this request as sent: path must be an absolute URL or start with a slash'),
      });
    }
    for (const up of run.ups) expect([targetOf(p, up.address).failures, targetOf(p, up.address).requests]).toEqual([0, 0]);
  });

  it('a header value node:http refuses gets a 400 with a JSON reason, not an empty answer', async () => {
    const p = await serveYaml();
    const answer = await rawExchange(p.address.port, 'GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: 'bad_request', reason: 'invalid character in a header name or value' });
  });

  it('a client that aborts its upload is a 499 in the log, never a failure of the target', async () => {
    let reached: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (reached = resolve));
    const p = await serveYaml('', (req, res, up) => {
      reached();
      echoSize(req, res, up);
    });
    for (let i = 0; i < 5; i++) {
      const socket = connect(p.address.port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      // Over the 64 KiB replay buffer, so the body streams to the target while the client sends it.
      socket.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n${'z'.repeat(100_000)}`);
      if (i === 0) await arrived;
      else await new Promise((resolve) => setImmediate(resolve));
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.destroy();
      await closed;
    }
    await expect.poll(() => log.lines.filter((l) => l.status === 499).length, { timeout: 5000 }).toBe(5);
    await expectBothUntouched(p);
  });

  it('an Expect uh does not understand gets 417 with a JSON reason, not an empty answer', async () => {
    const p = await serveYaml();
    const answer = await rawExchange(p.address.port, 'POST / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\nab');
    expect(answer).toMatch(/^HTTP\/1\.1 417 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: 'expectation_failed', reason: expect.stringContaining('100-continue') });
    expect(run.ups.map((u) => targetOf(p, u.address).requests)).toEqual([0, 0]);
  });

  it('CONNECT gets 405 with a JSON body and the methods uh forwards', async () => {
    const p = await serveYaml();
    const answer = await rawExchange(p.address.port, 'CONNECT db.internal:5432 HTTP/1.1\r\nHost: db.internal:5432\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(answer).toMatch(/\r\nallow: GET, HEAD, POST/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: 'method_not_allowed' });
  });

  it('an upstream that sends 103 Early Hints first: the hints are relayed and the 200 arrives', async () => {
    const p = await serveYaml('', (req, res) => {
      req.resume();
      if (req.url === '/health') return void res.end('ok');
      res.writeEarlyHints({ link: '</app.css>; rel=preload; as=style' });
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '12' });
      res.end('final answer');
    });
    const answer = await rawUntil(p.address.port, (s) => s.write('GET /page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), (text) => text.endsWith('final answer'));
    expect(answer).toMatch(/^HTTP\/1\.1 103 Early Hints\r\nLink: <\/app\.css>; rel=preload; as=style\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    expect(answer.endsWith('final answer')).toBe(true);
    run.agent = client();
    const viaUndici = await get(run.agent, `${p.address.url}/page`);
    expect([viaUndici.status, viaUndici.text]).toEqual([200, 'final answer']);
    for (const up of run.ups) expect(targetOf(p, up.address).codes.get(103)).toBeUndefined();
  });
});
