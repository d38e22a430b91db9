/**
 * The only ways a gateway-view source touches the world: an HTTP GET, a command on a unix socket,
 * the tail of a log file. Each is bounded in time (timeout and the run's abort signal) and in size,
 * because a gateway's admin endpoint can be slow, huge or hostile like any other peer. Failures are
 * returned as a typed `ReadFailure` with a sentence for the report, never thrown.
 */
import { open } from 'node:fs/promises';
import net from 'node:net';
import { request } from 'undici';
import type { GatewayReadContext } from './types.js';

export interface ReadOk {
  readonly ok: true;
  readonly text: string;
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** True when the answer was longer than the limit and was cut. */
  readonly truncated: boolean;
}

export interface ReadFailure {
  readonly ok: false;
  /** Stable code: ECONNREFUSED, ENOENT, TIMEOUT, TOO_LARGE… */
  readonly code: string;
  readonly reason: string;
}

export type ReadResult = ReadOk | ReadFailure;

function failure(code: string, reason: string): ReadFailure {
  return { ok: false, code, reason };
}

function errorCode(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR_ABORTED')) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return err instanceof Error && err.name === 'AbortError' ? 'TIMEOUT' : 'ERROR';
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** GET `url`; the body is read up to `ctx.maxBytes` (the rest is dropped and `truncated` set). */
export async function httpGet(url: string, ctx: GatewayReadContext, headers: Record<string, string> = {}): Promise<ReadResult> {
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.timeoutMs)]);
  try {
    const res = await request(url, {
      method: 'GET', signal, headers, headersTimeout: ctx.timeoutMs, bodyTimeout: ctx.timeoutMs,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      if (size + buf.length > ctx.maxBytes) {
        chunks.push(buf.subarray(0, ctx.maxBytes - size));
        truncated = true;
        res.body.destroy();
        break;
      }
      chunks.push(buf);
      size += buf.length;
    }
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
    return { ok: true, status: res.statusCode, headers: flat, text: Buffer.concat(chunks).toString('utf8'), truncated };
  } catch (err) {
    const code = signal.aborted ? 'TIMEOUT' : errorCode(err);
    return failure(code, code === 'TIMEOUT' ? `GET ${url}: no answer within ${ctx.timeoutMs} ms` : `GET ${url}: ${describe(err)}`);
  }
}

/**
 * Send one line to a unix socket (HAProxy's runtime API: `show stat`) and read until the peer
 * closes, within the time and size bounds. The API answers and closes in non-interactive mode.
 */
export function unixCommand(path: string, command: string, ctx: GatewayReadContext): Promise<ReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const socket = net.connect({ path });
    const finish = (result: ReadResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = (): void => finish(failure('TIMEOUT', `${path}: the run's deadline passed before "${command}" answered`));
    const timer = setTimeout(() => finish(failure('TIMEOUT', `${path}: "${command}" got no complete answer within ${ctx.timeoutMs} ms`)), ctx.timeoutMs);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    socket.on('connect', () => socket.write(`${command}\n`));
    socket.on('data', (chunk: Buffer) => {
      if (size + chunk.length > ctx.maxBytes) {
        chunks.push(chunk.subarray(0, ctx.maxBytes - size));
        finish({ ok: true, text: Buffer.concat(chunks).toString('utf8'), truncated: true });
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    socket.on('end', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8'), truncated: false }));
    socket.on('error', (err) => finish(failure(errorCode(err), `${path}: ${describe(err)}`)));
    if (ctx.signal.aborted) onAbort();
  });
}

/** The last `ctx.maxBytes` of a file (a log's recent lines); the first, partial line of a cut tail is dropped. */
export async function readTail(path: string, ctx: GatewayReadContext): Promise<ReadResult> {
  let handle;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    const start = Math.max(0, size - ctx.maxBytes);
    const length = size - start;
    const buf = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(buf, read, length - read, start + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    let text = buf.subarray(0, read).toString('utf8');
    if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    return { ok: true, text, truncated: start > 0 };
  } catch (err) {
    const code = errorCode(err);
    return failure(code, code === 'ENOENT' ? `${path}: no such file` : code === 'EISDIR' ? `${path}: is a directory, not a log file` : `${path}: ${describe(err)}`);
  } finally {
    await handle?.close();
  }
}
