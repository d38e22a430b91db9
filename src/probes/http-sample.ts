/**
 * One HTTP/1.1 health request over undici, on a fresh connection (as nginx and Envoy health
 * checkers open one per check), with per-phase timings and a bounded body read. Never throws:
 * a refused connect, a hang or a non-HTTP answer is a sample with a `code`.
 */
import { Client } from 'undici';
import type tls from 'node:tls';
import type { HttpSample } from './http-classify.js';
import type { ConnectTimings, ConnectedSocket, DialAddress } from './http-connect.js';
import { codedError, errorCode, undiciConnector } from './http-connect.js';
import { relayCode } from './codes.js';

/** Bodies beyond this are cut: health bodies are small, and evidence needs only an excerpt. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * What a finished sample's client is destroyed with: one shared error, because undici would
 * otherwise build (and capture a stack for) a ClientDestroyedError per sample.
 */
const DONE = Object.assign(new Error('health sample finished'), { code: 'UH_SAMPLE_DONE' });

/** Response headers worth keeping as facts. */
const HEADERS_OF_INTEREST = ['content-type', 'retry-after', 'www-authenticate', 'server', 'location', 'content-length', 'mcp-session-id'];

export interface SampleRequest {
  readonly addr: DialAddress;
  /** The origin undici names (Host header comes from it unless `headers.host` is set). */
  readonly origin: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly tlsOptions?: tls.ConnectionOptions;
  readonly connectTimeoutMs: number;
  /** How long to wait for the response head (and between body chunks). */
  readonly waitMs: number;
  readonly signal: AbortSignal;
  /** Speak h2: negotiated by ALPN over TLS, or with prior knowledge in clear text (h2c, RFC 9113 §3.3). */
  readonly http2?: 'alpn' | 'prior-knowledge';
  /** A connection the TCP layer left open (plain text only); else the sample dials its own. */
  readonly reuse?: ConnectedSocket;
  /** Stop reading the body once this holds for the text so far (an SSE stream that stays open). */
  readonly until?: (bodySoFar: string) => boolean;
}

export interface TimedSample extends HttpSample {
  readonly timings: ConnectTimings & { firstByteMs?: number; totalMs: number };
  readonly rawHeaders: Readonly<Record<string, string>>;
  /** The non-HTTP answer starts with an HTTP/2 SETTINGS or GOAWAY frame header (RFC 9113 §4.1, §6.5). */
  readonly h2Frame?: 'SETTINGS' | 'GOAWAY';
  /** How long uh waited for the response head before giving up (HEADERS_TIMEOUT only), ms. */
  readonly waitedMs?: number;
}

/** Send one request and read (a bounded prefix of) the answer. */
export async function takeSample(req: SampleRequest): Promise<TimedSample> {
  const started = performance.now();
  const timings: ConnectTimings = {};
  const headWait = new AbortController();
  const signal = AbortSignal.any([req.signal, headWait.signal, AbortSignal.timeout(req.connectTimeoutMs + 2 * req.waitMs + 1000)]);
  const client = new Client(req.origin, {
    connect: undiciConnector(req.addr, req.tlsOptions, timings, req.connectTimeoutMs, signal, req.http2 === 'prior-knowledge', req.reuse),
    allowH2: req.http2 !== undefined,
    // undici's own timers above 1 s tick every ~0.5 s; the precise wait is ours (below), this is a backstop.
    headersTimeout: req.waitMs + 1000,
    bodyTimeout: req.waitMs,
    pipelining: 1,
  });
  let headTimer: NodeJS.Timeout | undefined;
  client.once('connect', () => {
    headTimer = setTimeout(() => headWait.abort(codedError(`no response head within ${req.waitMs} ms`, 'UND_ERR_HEADERS_TIMEOUT')), req.waitMs);
  });
  const elapsed = (): number => performance.now() - started;
  try {
    const res = await client.request({ path: req.path, method: req.method as 'GET', headers: { ...req.headers }, body: req.body, signal });
    clearTimeout(headTimer);
    const firstByteMs = elapsed();
    const body = await readBounded(res.body, req.until);
    const headers = flattenHeaders(res.headers);
    return {
      status: res.statusCode, ms: elapsed(), firstByteMs, headers: pick(headers), rawHeaders: headers, body,
      timings: { ...timings, firstByteMs, totalMs: elapsed() },
    };
  } catch (err) {
    return failedSample(err, elapsed(), timings, req.waitMs, req.tlsOptions !== undefined);
  } finally {
    clearTimeout(headTimer);
    await client.destroy(DONE).catch(() => undefined);
  }
}

function failedSample(err: unknown, ms: number, timings: ConnectTimings, waitMs: number, secure: boolean): TimedSample {
  const raw = errorCode(err) ?? 'ERROR';
  const message = err instanceof Error ? err.message : String(err);
  const base = { ms, headers: {}, rawHeaders: {}, body: '', timings: { ...timings, totalMs: ms } };
  if (raw === 'UND_ERR_HEADERS_TIMEOUT') return { ...base, code: 'HEADERS_TIMEOUT', error: 'no response head', waitedMs: waitMs };
  // Cancelled by the caller while connected and waiting: still "no answer", for as long as it lasted.
  const connected = timings.tcpMs !== undefined && (!secure || timings.tlsMs !== undefined);
  const name = (err as Error | undefined)?.name ?? '';
  if ((raw === 'UND_ERR_ABORTED' || name === 'AbortError' || name === 'TimeoutError') && connected) {
    return { ...base, code: 'HEADERS_TIMEOUT', error: 'no response head before the run was cancelled', waitedMs: ms - (timings.tcpMs ?? 0) };
  }
  // undici's HTTPParserError carries the offending bytes in `data`; its `code` may be unset.
  if (raw.startsWith('HPE_') || (err as Error | undefined)?.name === 'HTTPParserError') {
    const data = (err as { data?: unknown }).data;
    const firstBytes = typeof data === 'string' ? printable(data) : undefined;
    const h2Frame = typeof data === 'string' ? h2FrameType(data) : undefined;
    const error = firstBytes ? `the answer is not HTTP: "${firstBytes.slice(0, 40)}"` : `the answer is not HTTP (${message})`;
    return { ...base, code: 'NOT_HTTP', error, firstBytes, h2Frame };
  }
  if (raw === 'UND_ERR_SOCKET') return { ...base, code: 'CLOSED', error: `connection closed without a response (${message})` };
  return { ...base, code: relayCode(raw), error: message };
}

/** Read at most MAX_BODY_BYTES, then stop (the connection is destroyed afterwards anyway). */
async function readBounded(body: AsyncIterable<Buffer> & { destroy(): void }, until?: (text: string) => boolean): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_BODY_BYTES) break;
      if (until?.(Buffer.concat(chunks).toString('utf8'))) break;
    }
  } catch {
    // A body that stalls or resets after the head: keep what arrived, the status still counts.
  }
  body.destroy();
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function pick(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of HEADERS_OF_INTEREST) if (headers[key] !== undefined) out[key] = headers[key];
  return out;
}

/** The first 60 bytes, control characters escaped, for evidence (`SSH-2.0-OpenSSH_9.2`). */
export function printable(data: string): string {
  return data.slice(0, 60).replace(/[^\x20-\x7e]/g, (c) => (c === '\r' ? '\\r' : c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** 24-bit length, then frame type 0x04 (SETTINGS) or 0x07 (GOAWAY): what an h2-only server sends first. */
export function isH2FrameHeader(data: string): boolean {
  return h2FrameType(data) !== undefined;
}

/** The type of the HTTP/2 frame `data` starts with, when it is SETTINGS or GOAWAY (RFC 9113 §4.1). */
export function h2FrameType(data: string): 'SETTINGS' | 'GOAWAY' | undefined {
  if (data.length < 9 || data.charCodeAt(0) !== 0) return undefined;
  const type = data.charCodeAt(3);
  return type === 4 ? 'SETTINGS' : type === 7 ? 'GOAWAY' : undefined;
}
