/**
 * The gRPC health layer: call `grpc.health.v1.Health/Check` the way Envoy's `grpc_health_check`
 * and nginx's `health_check type=grpc` do (gRPC over HTTP/2, h2c or TLS+ALPN h2), with the
 * check's service name, and read the ServingStatus and the `grpc-status` trailer.
 */
import http2 from 'node:http2';
import type net from 'node:net';
import type tls from 'node:tls';
import type { Measured, Probe, ProbeContext, ProbeTarget } from './types.js';
import { abortedSkip, skipText, skipped } from './types.js';
import type { DialAddress } from './http-connect.js';
import { describeDial, dial, dialAddress, errorCode, gatewayTlsOptions, hostHeader } from './http-connect.js';
import {
  GRPC_STATUS, HEALTH_CHECK_PATH, SERVING_STATUS, decodeHealthCheckResponse, encodeHealthCheckRequest, frameMessage, grpcStatusName,
  unframeMessages,
} from './grpc-wire.js';
import { protocolAttempts } from './h2.js';
import { seconds } from './http-classify.js';
import { patientWaitMs, patiently } from './patience.js';
import type { GrpcStatusCode, ProbeResultCode } from './codes.js';
import { relayCode } from './codes.js';
import type { GrpcFacts } from './facts.js';
import { observe } from './observe.js';
export type { GrpcFacts } from './facts.js';


type Call =
  | { kind: 'answer'; httpStatus: number; contentType?: string; grpcStatus?: number; grpcMessage?: string; body: Buffer; ms: number }
  | { kind: 'timeout'; ms: number; cancelled?: boolean }
  | { kind: 'connect-error'; code: ProbeResultCode; message: string; ms: number }
  | SessionError;

type SessionError = { kind: 'session-error'; code: ProbeResultCode; message: string; ms: number };

const MAX_BODY_BYTES = 16 * 1024;

export const grpcProbe: Probe<'grpc'> = async (target, ctx) => {
  const started = performance.now();
  const check = target.group.health.active;
  if (target.group.protocol !== 'grpc' && check?.type !== 'grpc') return skipped('grpc', 'the gateway neither speaks gRPC nor checks gRPC health');
  const addr = dialAddress(target, check?.port);
  if (!addr) return skipped('grpc', 'no address to connect to (unresolved host or unknown port)');
  if (ctx.signal.aborted) return abortedSkip('grpc');
  const service = check?.grpcService ?? '';
  const timeoutMs = check?.timeoutMs ?? ctx.timeoutMs;
  // As for HTTP checks: keep listening past the check's timeout to tell slow from hung.
  const waitMs = patientWaitMs(timeoutMs, ctx.patience);
  let tlsOptions: tls.ConnectionOptions | undefined;
  try {
    tlsOptions = target.group.tls ? await gatewayTlsOptions(target, target.group.tls, ['h2']) : undefined;
  } catch (err) {
    return skipped('grpc', `cannot build the TLS settings: ${(err as Error).message}`);
  }
  const port = 'socketPath' in addr ? undefined : addr.port;
  const authority = hostHeader(target.host, port, tlsOptions !== undefined);
  const call = await patiently(healthCall(addr, tlsOptions, authority, service, waitMs, target.group.timeouts.connectMs ?? ctx.timeoutMs, ctx.signal), ctx);
  const result = await classify(call, service, { timeoutMs, waitMs }, target, addr, ctx);
  return { ...result, ms: Math.round((performance.now() - started) * 10) / 10 };
};

/** One unary call on a fresh HTTP/2 session, bounded by `timeoutMs` and `signal`. Never throws. */
async function healthCall(
  addr: DialAddress, tlsOptions: tls.ConnectionOptions | undefined, authority: string, service: string,
  timeoutMs: number, connectMs: number, signal: AbortSignal,
): Promise<Call> {
  const started = performance.now();
  const ms = (): number => performance.now() - started;
  let socket: net.Socket;
  try {
    socket = await dial(addr, tlsOptions, {}, connectMs, signal);
  } catch (err) {
    return { kind: 'connect-error', code: relayCode(errorCode(err)), message: (err as Error).message, ms: ms() };
  }
  const alpn = (socket as tls.TLSSocket).alpnProtocol;
  if (tlsOptions && alpn !== 'h2') {
    socket.destroy();
    return { kind: 'session-error', code: 'ALPN', message: `ALPN selected ${alpn || 'nothing'}, not h2`, ms: ms() };
  }
  const session = http2.connect(`${tlsOptions ? 'https' : 'http'}://${authority}`, { createConnection: () => socket });
  try {
    return await exchange(session, authority, service, timeoutMs, signal, ms);
  } finally {
    session.destroy();
    socket.destroy();
  }
}

function exchange(session: http2.ClientHttp2Session, authority: string, service: string, timeoutMs: number, signal: AbortSignal, ms: () => number): Promise<Call> {
  return new Promise<Call>((resolve) => {
    let head: http2.IncomingHttpHeaders | undefined;
    let trailers: http2.IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (call: Call): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(call);
    };
    const failed = (err: Error): void => finish({ kind: 'session-error', code: relayCode(errorCode(err)), message: err.message, ms: ms() });
    // Cancelled by the caller (the run deadline, `uh serve`'s check bound): silence so far, as long as it lasted.
    const onAbort = (): void => finish({ kind: 'timeout', ms: ms(), cancelled: true });
    const timer = setTimeout(() => finish({ kind: 'timeout', ms: ms() }), timeoutMs);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    session.on('error', failed);
    const stream = session.request({
      ':method': 'POST', ':path': HEALTH_CHECK_PATH, ':authority': authority, 'content-type': 'application/grpc',
      te: 'trailers', 'grpc-timeout': `${Math.max(1, Math.round(timeoutMs))}m`, 'user-agent': 'uh-grpc-health',
    });
    stream.on('response', (headers) => { head = headers; });
    stream.on('trailers', (t) => { trailers = t; });
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    stream.on('error', failed);
    stream.on('close', () => {
      if (!head) return failed(new Error(`stream closed without a response (RST code ${stream.rstCode})`));
      const status = head['grpc-status'] ?? trailers['grpc-status'];
      const message = head['grpc-message'] ?? trailers['grpc-message'];
      finish({
        kind: 'answer', httpStatus: Number(head[':status']), contentType: head['content-type'],
        grpcStatus: status === undefined ? undefined : Number(status),
        grpcMessage: typeof message === 'string' ? safeDecode(message) : undefined, body: Buffer.concat(chunks), ms: ms(),
      });
    });
    stream.end(frameMessage(encodeHealthCheckRequest(service)));
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}


type Classified = Omit<Measured<'grpc'>, 'ms'>;

async function classify(
  call: Call, service: string, wait: { timeoutMs: number; waitMs: number }, target: ProbeTarget, addr: DialAddress, ctx: ProbeContext,
): Promise<Classified> {
  const where = describeDial(addr);
  const named = service === '' ? 'the whole server (service "")' : `service ${JSON.stringify(service)}`;
  const base = { probe: 'grpc' as const };
  if (call.kind === 'connect-error') {
    return { ...base, outcome: 'fail', code: call.code, message: `${where}: ${call.message}`, observations: [], facts: { service } };
  }
  if (call.kind === 'timeout') {
    if (call.cancelled && call.ms < wait.timeoutMs) {
      return { ...base, outcome: 'skip', ...skipText(`cancelled after ${seconds(call.ms)}, before the check's ${seconds(wait.timeoutMs)} timeout`), observations: [], facts: { service } };
    }
    const waited = seconds(call.cancelled ? call.ms : wait.waitMs);
    const obs = observe('health-timeout', [`accepted the connection, no gRPC health answer in ${waited}`]);
    return { ...base, outcome: 'fail', code: 'DEADLINE_EXCEEDED', message: `Health/Check: no answer in ${waited}`, observations: [obs], facts: { service } };
  }
  if (call.kind === 'session-error') return sessionFailure(call, target, addr, ctx, service);
  const facts: GrpcFacts = {
    service, httpStatus: call.httpStatus, contentType: call.contentType, grpcStatus: call.grpcStatus,
    grpcMessage: call.grpcMessage, latencyMs: Math.round(call.ms * 10) / 10,
  };
  if (call.grpcStatus === undefined || !call.contentType?.startsWith('application/grpc')) {
    const obs = observe('protocol-not-http', [
      `${where} answers HTTP/2 but not gRPC: :status ${call.httpStatus}, content-type ${call.contentType ?? '(none)'}, no grpc-status`,
    ], 0.7);
    return { ...base, outcome: 'fail', code: 'NOT_GRPC', message: `${where} is not a gRPC server`, observations: [obs], facts };
  }
  if (call.grpcStatus !== 0) {
    const detail = call.grpcStatus === 12 ? 'the server does not implement grpc.health.v1.Health'
      : call.grpcStatus === 5 ? `no health status is registered for ${named}` : 'the call failed';
    const msg = call.grpcMessage ? ` (${call.grpcMessage})` : '';
    const obs = observe('protocol-grpc-not-serving', [`Health/Check → grpc-status ${grpcStatusName(call.grpcStatus)}${msg}: ${detail}`],
      [5, 12].includes(call.grpcStatus) ? 0.9 : 0.7);
    return { ...base, outcome: 'fail', code: grpcCode(call.grpcStatus), message: `Health/Check → ${grpcStatusName(call.grpcStatus)}`, observations: [obs], facts };
  }
  const message = unframeMessages(call.body).messages[0];
  const number = message && !message.compressed ? decodeHealthCheckResponse(message.data) : undefined;
  const serving = number === undefined ? undefined : (SERVING_STATUS[number] ?? 'UNKNOWN');
  if (serving === 'SERVING' && call.ms > wait.timeoutMs) {
    const obs = observe('health-timeout-too-short', [`SERVING, but answered in ${seconds(call.ms)}; check timeout ${seconds(wait.timeoutMs)}`], 0.85);
    return { ...base, outcome: 'warn', code: 'SLOW', message: `Health/Check ${named} → SERVING in ${seconds(call.ms)}`, observations: [obs], facts: { ...facts, servingStatus: serving } };
  }
  if (serving === 'SERVING') {
    return { ...base, outcome: 'pass', message: `Health/Check ${named} → SERVING in ${seconds(call.ms)}`, observations: [], facts: { ...facts, servingStatus: serving } };
  }
  const what = serving ?? 'an unreadable HealthCheckResponse';
  const obs = observe('protocol-grpc-not-serving', [`Health/Check for ${named} → ${what}`]);
  return { ...base, outcome: 'fail', code: serving ?? 'BAD_RESPONSE', message: `Health/Check ${named} → ${what}`, observations: [obs], facts: { ...facts, servingStatus: serving } };
}

function grpcCode(code: number): GrpcStatusCode {
  return `GRPC_${GRPC_STATUS[code] ?? 'UNKNOWN_CODE'}`;
}

/** The HTTP/2 session failed: find out what the port speaks instead. */
async function sessionFailure(call: SessionError, target: ProbeTarget, addr: DialAddress, ctx: ProbeContext, service: string): Promise<Classified> {
  const where = describeDial(addr);
  const base = { probe: 'grpc' as const, code: call.code, facts: { service } };
  const attempts = await protocolAttempts(target, addr, ctx).catch(() => ({}) as Record<string, { answer: string; seen: string }>);
  const evidence = [`HTTP/2 session failed: ${call.message}`, ...Object.entries(attempts).map(([p, a]) => `${p}: ${a.seen}`)];
  const speaks = (p: string): boolean => attempts[p]?.answer === 'yes';
  if (speaks('http/1.1') && !speaks('h2') && !speaks('h2c')) {
    const obs = observe('protocol-h2-unsupported', [`gRPC needs HTTP/2; ${where} speaks HTTP/1.1 only`, ...evidence]);
    return { ...base, outcome: 'fail', message: `${where} speaks HTTP/1.1 only`, observations: [obs] };
  }
  if (Object.values(attempts).some((a) => a.answer === 'other')) {
    const obs = observe('protocol-not-http', [`${where} answers, but in neither HTTP/1.1 nor h2`, ...evidence], 0.85);
    return { ...base, outcome: 'fail', message: `${where} does not speak HTTP`, observations: [obs] };
  }
  return { ...base, outcome: 'fail', message: `${where}: ${call.message}`, observations: [] };
}
