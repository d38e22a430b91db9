/**
 * The TCP layer: can the gateway open a connection to the target at all? It connects the way a
 * proxy does (node:net, one address, its own connect timeout) and then waits a short, bounded
 * moment WITHOUT writing: a peer that resets (RST) or closes (FIN) right after the handshake —
 * a crashed accept loop, tcpwrappers, a full connection table — shows up here rather than as a
 * confusing "empty reply" at the HTTP layer.
 *
 * Outcomes map to catalog ids: ECONNREFUSED → tcp-refused (nothing listens), no SYN-ACK within
 * the budget → tcp-timeout, EHOSTUNREACH/ENETUNREACH → tcp-unreachable, RST/FIN right after
 * connect → tcp-reset. The probe never throws for these: the failure is the result.
 */
import net from 'node:net';
import type { Measured, Probe, ProbeContext, ProbeTarget } from './types.js';
import { skipText } from './types.js';
import type { ClassifiedError } from './failure-codes.js';
import { classifyError } from './failure-codes.js';
import { CAUSE_OF_FAILURE } from '../causes/error-codes.js';
import type { TcpFacts } from './facts.js';
import { DIRECT_CONFIDENCE, observe } from './observe.js';
export type { TcpFacts } from './facts.js';


/** Window after connect in which a reset/close counts as "reset right after connect". */
export const RESET_WATCH_MS = 150;

/** Connect budget: the gateway's own connect timeout when the config sets one, else the probe default. */
export function connectBudgetMs(target: ProbeTarget, ctx: ProbeContext): number {
  return target.group.timeouts.connectMs ?? ctx.timeoutMs;
}

/** `127.0.0.1:80`, `[::1]:80`, `unix:/run/app.sock`. */
export function formatEndpoint(target: Pick<ProbeTarget, 'ip' | 'port' | 'socketPath'>): string {
  if (target.socketPath !== undefined) return `unix:${target.socketPath}`;
  const ip = target.ip ?? '?';
  return `${ip.includes(':') ? `[${ip}]` : ip}:${target.port ?? '?'}`;
}

type ConnectEnd =
  | { kind: 'connected'; connectMs: number; socket: net.Socket }
  | { kind: 'error'; error: ClassifiedError; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'aborted'; ms: number };

type WatchEnd =
  | { kind: 'quiet' }
  | { kind: 'data' }
  | { kind: 'closed'; how: 'reset' | 'fin'; error?: ClassifiedError; afterMs: number };

const round = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * Run `fn` after the event loop's next poll phase. A timer that fires late (a stalled, loaded
 * process) must not beat I/O that already arrived: the connect or the RST we were waiting for
 * may be sitting in the poll queue. setImmediate runs after that poll phase.
 */
function afterPendingIo(fn: () => void): void {
  setImmediate(fn);
}

/** Open one connection, bounded by `budgetMs` and the run's signal. Never rejects. */
function connect(target: ProbeTarget, budgetMs: number, signal: AbortSignal): Promise<ConnectEnd> {
  const started = performance.now();
  const elapsed = (): number => round(performance.now() - started);
  return new Promise((resolve) => {
    const socket = target.socketPath !== undefined
      ? net.connect({ path: target.socketPath })
      : net.connect({ host: target.ip!, port: target.port!, noDelay: true });
    let settled = false;
    const finish = (end: ConnectEnd): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      socket.removeListener('connect', onConnect);
      if (end.kind !== 'connected') socket.destroy();
      resolve(end);
    };
    const onError = (err: Error): void => finish({ kind: 'error', error: classifyError(err), ms: elapsed() });
    const onConnect = (): void => finish({ kind: 'connected', connectMs: elapsed(), socket });
    const onAbort = (): void => finish({ kind: 'aborted', ms: elapsed() });
    const timer = setTimeout(() => afterPendingIo(() => finish({ kind: 'timeout', ms: elapsed() })), budgetMs);
    socket.once('error', onError);
    socket.once('connect', onConnect);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Watch a fresh connection for `windowMs` without writing; then destroy it, or, when it stayed
 * quiet and a later layer wants it, leave it on `handoff`.
 */
function watchForReset(socket: net.Socket, windowMs: number, keep?: (socket: net.Socket) => void): Promise<WatchEnd> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (end: WatchEnd): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('data');
      socket.removeAllListeners('end');
      socket.removeAllListeners('error');
      if (end.kind === 'quiet' && keep) {
        keep(socket);
      } else {
        socket.on('error', () => undefined);
        socket.destroy();
      }
      resolve(end);
    };
    const timer = setTimeout(() => afterPendingIo(() => finish({ kind: 'quiet' })), windowMs);
    socket.on('error', (err) =>
      finish({ kind: 'closed', how: 'reset', error: classifyError(err), afterMs: round(performance.now() - started) }));
    socket.on('end', () => finish({ kind: 'closed', how: 'fin', afterMs: round(performance.now() - started) }));
    socket.on('data', () => finish({ kind: 'data' }));
  });
}

function failedConnect(endpoint: string, end: ConnectEnd & { kind: 'error' }, ms: number): Measured<'tcp'> {
  const { error } = end;
  const raw = error.rawCode ?? error.code;
  const message = `connect ${raw} ${endpoint} after ${end.ms} ms`;
  const facts: TcpFacts = { endpoint };
  // ECONNREFUSED → tcp-refused and the rest, by the table `serve` reads too; an abort or an unknown error names no cause.
  const cause = CAUSE_OF_FAILURE[error.code];
  if (!cause) return { probe: 'tcp', outcome: 'fail', ms, message, code: error.code, observations: [], facts };
  const evidence = [message];
  if (error.message && !error.message.includes(raw)) evidence.push(error.message);
  return { probe: 'tcp', outcome: 'fail', ms, message, code: error.code, observations: [observe(cause, evidence, DIRECT_CONFIDENCE)], facts };
}

/**
 * Connect to the target's address (the IP the DNS layer chose, or the unix socket). Budget: the
 * group's connect timeout (nginx proxy_connect_timeout, Envoy connect_timeout), else ctx.timeoutMs.
 */
export const tcpProbe: Probe<'tcp'> = async (target, ctx) => {
  const started = performance.now();
  const total = (): number => round(performance.now() - started);
  const endpoint = formatEndpoint(target);
  if (target.socketPath === undefined && (target.ip === undefined || target.port === undefined)) {
    const reason = target.ip === undefined ? 'no address to connect to (the name did not resolve)' : 'the port is unknown';
    return { probe: 'tcp', outcome: 'skip', ms: 0, ...skipText(reason), observations: [], facts: { endpoint } };
  }
  const budget = connectBudgetMs(target, ctx);
  const end = await connect(target, budget, ctx.signal);
  if (end.kind === 'aborted') {
    return { probe: 'tcp', outcome: 'skip', ms: total(), ...skipText('the run was aborted'), code: 'ABORTED', observations: [], facts: { endpoint } };
  }
  if (end.kind === 'timeout') {
    const message = `connect ${endpoint}: no answer within ${budget} ms (Timeout awaiting 'connect' for ${budget}ms)`;
    return {
      probe: 'tcp', outcome: 'fail', ms: total(), message, code: 'CONNECT_TIMEOUT',
      observations: [observe('tcp-timeout', [message], DIRECT_CONFIDENCE)], facts: { endpoint },
    };
  }
  // A check's `ms` is the number its message states: the time to connect (or to fail to).
  if (end.kind === 'error') return failedConnect(endpoint, end, end.ms);
  return watched(end, endpoint, Math.min(RESET_WATCH_MS, budget), ctx);
};

async function watched(
  end: ConnectEnd & { kind: 'connected' },
  endpoint: string,
  windowMs: number,
  ctx: ProbeContext,
): Promise<Measured<'tcp'>> {
  const { socket, connectMs } = end;
  const local = { localAddress: socket.localAddress, localPort: socket.localPort };
  // Only listening: no --concurrency slot is needed while the window runs.
  const handoff = ctx.handoff;
  const watching = watchForReset(socket, windowMs, handoff ? (quiet) => handoff.offer(quiet, connectMs) : undefined);
  const watch = await (ctx.idle ? ctx.idle(watching) : watching);
  // The connect time, as the message says; the reset watch after it is not part of connecting.
  const ms = connectMs;
  const facts: TcpFacts = { endpoint, connectMs, ...local, watchedMs: windowMs, peerSpokeFirst: watch.kind === 'data' };
  if (watch.kind !== 'closed') {
    return { probe: 'tcp', outcome: 'pass', ms, message: `connected to ${endpoint} in ${connectMs} ms`, observations: [], facts };
  }
  const what = watch.how === 'reset' ? `reset by peer (${watch.error?.rawCode ?? 'ECONNRESET'})` : 'closed by peer (FIN)';
  const message = `connected to ${endpoint} in ${connectMs} ms, then ${what} ${watch.afterMs} ms later, before any data was sent`;
  const code = watch.how === 'reset' ? (watch.error?.code ?? 'ECONNRESET') : 'SOCKET_CLOSED';
  return { probe: 'tcp', outcome: 'fail', ms, message, code, observations: [observe('tcp-reset', [message], DIRECT_CONFIDENCE)], facts };
}
