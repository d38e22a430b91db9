/**
 * The protocol layer: which HTTP versions the target speaks, against the one the gateway speaks.
 * Over TLS, ALPN tells (RFC 7301; h2 over TLS requires it, RFC 9113 §3.2): uh offers `h2` alone and
 * `http/1.1` alone in two handshakes. In clear text, uh sends the h2 connection preface with prior
 * knowledge (RFC 9113 §3.3) and, separately, an HTTP/1.1 request, and reads the first bytes back:
 * a SETTINGS frame is h2, `HTTP/1.x` is HTTP/1, anything else is another protocol.
 */
import type net from 'node:net';
import type tls from 'node:tls';
import type { Protocol } from '../model/index.js';
import type { Measured, Probe, ProbeContext, ProbeTarget } from './types.js';
import { skipText, skipped } from './types.js';
import type { DialAddress } from './http-connect.js';
import { describeDial, dial, dialAddress, errorCode, gatewayTlsOptions, hostHeader } from './http-connect.js';
import { isH2FrameHeader, printable } from './http-sample.js';
import type { H2Facts } from './facts.js';
import { observe } from './observe.js';
export type { H2Facts } from './facts.js';

/** What one attempt learned about one protocol. */
export type Answer = 'yes' | 'no' | 'other' | 'silent' | 'error';


/** The HTTP/2 client connection preface (RFC 9113 §3.4), then an empty SETTINGS frame. */
const H2_PREFACE = Buffer.concat([
  Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'),
  Buffer.from([0, 0, 0, 0x04, 0, 0, 0, 0, 0]),
]);

const GATEWAY_SPEAKS: Partial<Record<Protocol, 'http/1.1' | 'h2'>> = {
  http1: 'http/1.1', 'http1.0': 'http/1.1', mcp: 'http/1.1', h2: 'h2', h2c: 'h2', grpc: 'h2',
};

export interface Attempt {
  readonly answer: Answer;
  readonly seen: string;
  /** Another protocol the answer proves (an HTTP/1.1 400 to the h2 preface proves HTTP/1.1). */
  readonly proves?: string;
}

export const h2Probe: Probe<'h2'> = async (target, ctx) => {
  const started = performance.now();
  const gateway = GATEWAY_SPEAKS[target.group.protocol];
  if (!gateway) return skipped('h2', `the gateway speaks ${target.group.protocol}, not HTTP`);
  const addr = dialAddress(target);
  if (!addr) return skipped('h2', 'no address to connect to (unresolved host or unknown port)');
  const secure = target.group.tls !== undefined;
  const attempts = secure ? await alpnAttempts(target, addr, ctx) : await clearTextAttempts(target, addr, ctx);
  if (attempts instanceof Error) return skipped('h2', `cannot build the TLS settings: ${attempts.message}`);
  return verdict(gateway, attempts, secure, addr, performance.now() - started);
};

/**
 * Which protocols the target speaks, per attempt (ALPN over TLS, byte exchanges in clear text).
 * Used by the gRPC probe to explain a failed h2 session. Rejects only when the TLS settings
 * cannot be built (an unreadable CA file).
 */
export async function protocolAttempts(target: ProbeTarget, addr: DialAddress, ctx: ProbeContext): Promise<Record<string, Attempt>> {
  const attempts = target.group.tls ? await alpnAttempts(target, addr, ctx) : await clearTextAttempts(target, addr, ctx);
  if (attempts instanceof Error) throw attempts;
  return attempts;
}

/** Connect budget: the gateway's connect timeout, else the probe budget. */
function budget(target: ProbeTarget, ctx: ProbeContext): number {
  return Math.min(target.group.timeouts.connectMs ?? ctx.timeoutMs, ctx.timeoutMs);
}

/** Two TLS handshakes: ALPN `h2` alone, then `http/1.1` alone. Certificates are the tls probe's job, not checked here. */
async function alpnAttempts(target: ProbeTarget, addr: DialAddress, ctx: ProbeContext): Promise<Record<string, Attempt> | Error> {
  const settings = target.group.tls!;
  const build = (alpn: string[]): Promise<tls.ConnectionOptions> =>
    gatewayTlsOptions(target, { ...settings, verify: false }, alpn).then((o) => ({ ...o, checkServerIdentity: () => undefined }));
  try {
    const [h2, h1] = [await build(['h2']), await build(['http/1.1'])];
    return { h2: await handshake(addr, h2, 'h2', target, ctx), 'http/1.1': await handshake(addr, h1, 'http/1.1', target, ctx) };
  } catch (err) {
    return err as Error;
  }
}

async function handshake(addr: DialAddress, options: tls.ConnectionOptions, offered: string, target: ProbeTarget, ctx: ProbeContext): Promise<Attempt> {
  try {
    const socket = await dial(addr, options, {}, budget(target, ctx), ctx.signal);
    const picked = (socket as tls.TLSSocket).alpnProtocol;
    socket.destroy();
    if (picked === offered) return { answer: 'yes', seen: `ALPN ${offered} accepted` };
    // No ALPN at all: the server ignores it; h2 over TLS needs ALPN, HTTP/1.1 does not.
    if (!picked) return offered === 'h2' ? { answer: 'no', seen: 'no ALPN selected' } : { answer: 'yes', seen: 'no ALPN selected' };
    return { answer: 'no', seen: `ALPN ${picked} selected` };
  } catch (err) {
    const code = errorCode(err) ?? 'ERROR';
    if (/NO_APPLICATION_PROTOCOL/i.test(code)) return { answer: 'no', seen: `refused ALPN ${offered} (alert no_application_protocol)` };
    return { answer: 'error', seen: `${code}: ${(err as Error).message}` };
  }
}

/** Clear text: the h2 preface with prior knowledge, then an HTTP/1.1 GET, each on its own connection. */
async function clearTextAttempts(target: ProbeTarget, addr: DialAddress, ctx: ProbeContext): Promise<Record<string, Attempt>> {
  const port = 'socketPath' in addr ? undefined : addr.port;
  const get = `GET / HTTP/1.1\r\nHost: ${hostHeader(target.host, port, false)}\r\nUser-Agent: uh\r\nConnection: close\r\n\r\n`;
  const h2c = judgeH2c(await exchange(addr, H2_PREFACE, target, ctx));
  // An HTTP/1 status line to the preface already proves HTTP/1.1: no second wait on a slow upstream.
  if (h2c.proves === 'http/1.1') return { h2c, 'http/1.1': { answer: 'yes', seen: 'shown by its HTTP/1 answer to the h2 preface' } };
  const h1 = await exchange(addr, Buffer.from(get, 'latin1'), target, ctx);
  return { h2c, 'http/1.1': judgeHttp1(h1) };
}

interface Exchanged {
  readonly bytes?: Buffer;
  readonly closed?: boolean;
  readonly error?: string;
}

/** Write `request`, return the first chunk back (or that the peer closed, or stayed silent). Bounded. */
async function exchange(addr: DialAddress, request: Buffer, target: ProbeTarget, ctx: ProbeContext): Promise<Exchanged> {
  const timeoutMs = ctx.timeoutMs;
  let socket: net.Socket;
  try {
    socket = await dial(addr, undefined, {}, budget(target, ctx), ctx.signal);
  } catch (err) {
    return { error: `${errorCode(err) ?? 'ERROR'}: ${(err as Error).message}` };
  }
  return new Promise<Exchanged>((resolve) => {
    const done = (result: Exchanged): void => {
      clearTimeout(timer);
      socket.removeAllListeners('data');
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({}), timeoutMs);
    socket.once('data', (bytes: Buffer) => done({ bytes }));
    socket.once('end', () => done({ closed: true }));
    socket.once('close', () => done({ closed: true }));
    socket.on('error', (err) => done({ closed: true, error: errorCode(err) ?? err.message }));
    socket.write(request);
  });
}

function firstLine(bytes: Buffer): string {
  return printable(bytes.toString('latin1').split('\r\n')[0] ?? '');
}

function judgeH2c(x: Exchanged): Attempt {
  if (x.bytes) {
    if (isH2FrameHeader(x.bytes.toString('latin1'))) return { answer: 'yes', seen: 'answered the h2 preface with a SETTINGS frame' };
    if (/^HTTP\/1\.[01] \d{3}/.test(x.bytes.toString('latin1'))) {
      return { answer: 'no', seen: `answered the h2 preface with ${firstLine(x.bytes)}`, proves: 'http/1.1' };
    }
    return { answer: 'other', seen: `answered the h2 preface with "${firstLine(x.bytes)}"` };
  }
  if (x.error && !x.closed) return { answer: 'error', seen: x.error };
  return x.closed ? { answer: 'no', seen: 'closed the connection on the h2 preface' } : { answer: 'silent', seen: 'no answer to the h2 preface' };
}

function judgeHttp1(x: Exchanged): Attempt {
  if (x.bytes) {
    const text = x.bytes.toString('latin1');
    if (/^HTTP\/1\.[01] \d{3}/.test(text)) return { answer: 'yes', seen: firstLine(x.bytes) };
    if (isH2FrameHeader(text)) return { answer: 'no', seen: 'answered an HTTP/1.1 request with an HTTP/2 frame' };
    return { answer: 'other', seen: `answered an HTTP/1.1 request with "${firstLine(x.bytes)}"` };
  }
  if (x.error && !x.closed) return { answer: 'error', seen: x.error };
  return x.closed ? { answer: 'no', seen: 'closed the connection on an HTTP/1.1 request' } : { answer: 'silent', seen: 'no answer to an HTTP/1.1 request' };
}


function verdict(gateway: 'http/1.1' | 'h2', attempts: Record<string, Attempt>, secure: boolean, addr: DialAddress, ms: number): Measured<'h2'> {
  const proven = Object.entries(attempts).flatMap(([p, a]) => [...(a.answer === 'yes' ? [p] : []), ...(a.proves ? [a.proves] : [])]);
  const speaks = [...new Set(proven)];
  const answers = Object.fromEntries(Object.entries(attempts).map(([p, a]) => [p, a.seen]));
  const evidence = Object.entries(answers).map(([p, seen]) => `${p}: ${seen}`);
  const facts: H2Facts = { gatewaySpeaks: gateway === 'h2' ? (secure ? 'h2' : 'h2c') : 'http/1.1', speaks, tls: secure, answers };
  const where = describeDial(addr);
  const base = { probe: 'h2' as const, ms: Math.round(ms * 10) / 10, facts };
  const speaksH2 = speaks.some((p) => p !== 'http/1.1');
  const speaksH1 = speaks.includes('http/1.1');
  if ((gateway === 'h2' && speaksH2) || (gateway === 'http/1.1' && speaksH1)) {
    return { ...base, outcome: 'pass', message: `${where} speaks ${speaks.join(', ')}`, observations: [] };
  }
  if (gateway === 'h2' && speaksH1) {
    const obs = observe('protocol-h2-unsupported', [`gateway speaks ${facts.gatewaySpeaks}; ${where} speaks HTTP/1.1 only`, ...evidence], 0.9);
    return { ...base, outcome: 'fail', code: 'H2_UNSUPPORTED', message: `${where} speaks HTTP/1.1 only`, observations: [obs] };
  }
  if (gateway === 'http/1.1' && speaksH2) {
    const obs = observe('protocol-http1-to-h2-only', [`gateway speaks HTTP/1.1; ${where} speaks ${speaks.join(', ')} only`, ...evidence], 0.9);
    return { ...base, outcome: 'fail', code: 'H2_ONLY', message: `${where} speaks ${speaks.join(', ')} only`, observations: [obs] };
  }
  if (Object.values(attempts).some((a) => a.answer === 'other')) {
    const obs = observe('protocol-not-http', [`${where} answers, but in neither HTTP/1.1 nor h2`, ...evidence], 0.85);
    return { ...base, outcome: 'fail', code: 'NOT_HTTP', message: `${where} does not speak HTTP`, observations: [obs] };
  }
  // Silence, resets or TLS failures: nothing to judge here; the tcp, tls and http layers explain those.
  return { ...base, outcome: 'skip', code: 'NO_ANSWER', ...skipText(`${where} gave no HTTP answer to judge (${evidence.join('; ')})`), observations: [] };
}
