/**
 * One TLS handshake, the way a gateway makes it, reduced to data. Verification is never
 * enforced here (rejectUnauthorized: false): we want the certificate and OpenSSL's verdict
 * (`authorizationError`) even when a strict client would hang up, and tls.ts decides what it means
 * for this gateway.
 *
 * TLS 1.3 moves the server's client-certificate check AFTER the client's Finished (RFC 8446 §4.4.2):
 * the client's 'secureConnect' can fire before the server's `certificate_required` alert arrives.
 * So for 1.3 we wait, bounded, for the first of: a NewSessionTicket ('session': the server
 * accepted us), an alert ('error'), or a close; servers send tickets only after checking the
 * client's certificate, so the order is deterministic rather than a race against a timer.
 */
import type { DetailedPeerCertificate } from 'node:tls';
import tls from 'node:tls';
import type { TlsFailure } from './tls-classify.js';
import { classifyTlsError } from './tls-classify.js';

export interface HandshakeOptions {
  readonly ip?: string;
  readonly port?: number;
  readonly socketPath?: string;
  /** SNI; undefined = none sent. Never an IP literal (RFC 6066 §3 forbids it). */
  readonly servername?: string;
  /** Trust store PEMs; undefined = Node's bundled roots (what the probe calls "the system's"). */
  readonly ca?: readonly string[];
  readonly cert?: string;
  readonly key?: string;
  readonly minVersion?: tls.SecureVersion;
  readonly maxVersion?: tls.SecureVersion;
  readonly alpn?: readonly string[];
  readonly ciphers?: string;
  /** Whole handshake budget, ms. */
  readonly budgetMs: number;
  /** Upper bound on the TLS 1.3 post-handshake wait, ms. */
  readonly watchMs?: number;
  readonly signal: AbortSignal;
}

export type HandshakeOutcome =
  | {
      readonly kind: 'ok';
      readonly ms: number;
      readonly protocol: string | null;
      readonly alpn: string | false | null;
      readonly cipher?: string;
      readonly authorized: boolean;
      readonly authorizationError?: string;
      readonly peer?: DetailedPeerCertificate;
    }
  | { readonly kind: 'failed'; readonly ms: number; readonly failure: TlsFailure; readonly afterHandshake: boolean }
  | { readonly kind: 'timeout'; readonly ms: number }
  | { readonly kind: 'aborted'; readonly ms: number };

const DEFAULT_WATCH_MS = 1000;
const round = (ms: number): number => Math.round(ms * 10) / 10;

function connectOptions(o: HandshakeOptions): tls.ConnectionOptions {
  return {
    ...(o.socketPath !== undefined ? { path: o.socketPath } : { host: o.ip!, port: o.port! }),
    rejectUnauthorized: false,
    ...(o.servername !== undefined ? { servername: o.servername } : {}),
    ...(o.ca ? { ca: [...o.ca] } : {}),
    ...(o.cert !== undefined && o.key !== undefined ? { cert: o.cert, key: o.key } : {}),
    ...(o.minVersion ? { minVersion: o.minVersion } : {}),
    ...(o.maxVersion ? { maxVersion: o.maxVersion } : {}),
    ...(o.alpn && o.alpn.length > 0 ? { ALPNProtocols: [...o.alpn] } : {}),
    ...(o.ciphers ? { ciphers: o.ciphers } : {}),
  };
}

/** Handshake once; never rejects. */
export function handshake(o: HandshakeOptions): Promise<HandshakeOutcome> {
  const started = performance.now();
  const elapsed = (): number => round(performance.now() - started);
  return new Promise((resolve) => {
    let socket: tls.TLSSocket;
    let settled = false;
    let secured = false;
    let snapshot: HandshakeOutcome | undefined;
    const finish = (end: HandshakeOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(budgetTimer);
      clearTimeout(watchTimer);
      o.signal.removeEventListener('abort', onAbort);
      socket?.removeAllListeners('session');
      socket?.on('error', () => undefined);
      socket?.destroy();
      resolve(end);
    };
    // The certificate and verdict are read at 'secureConnect', while the socket is surely open.
    const succeed = (): void => finish(snapshot ?? { kind: 'timeout', ms: elapsed() });
    const onAbort = (): void => finish({ kind: 'aborted', ms: elapsed() });
    // Timers defer through setImmediate so I/O already queued (a late ServerHello, an alert) wins over
    // a timer that fired late in a stalled process.
    const budgetTimer = setTimeout(() => setImmediate(() => (secured ? succeed() : finish({ kind: 'timeout', ms: elapsed() }))), o.budgetMs);
    let watchTimer: NodeJS.Timeout | undefined;
    try {
      socket = tls.connect(connectOptions(o));
    } catch (err) {
      // Invalid options (a malformed CA PEM, an unknown cipher string) throw synchronously.
      finish({ kind: 'failed', ms: elapsed(), failure: classifyTlsError(err), afterHandshake: false });
      return;
    }
    socket.on('error', (err) => finish({ kind: 'failed', ms: elapsed(), failure: classifyTlsError(err), afterHandshake: secured }));
    socket.on('close', () => (secured ? succeed() : undefined));
    socket.once('secureConnect', () => {
      secured = true;
      snapshot = readSocket(socket, elapsed());
      if (socket.getProtocol() !== 'TLSv1.3') return succeed();
      socket.once('session', succeed);
      watchTimer = setTimeout(() => setImmediate(succeed), o.watchMs ?? DEFAULT_WATCH_MS);
    });
    if (o.signal.aborted) onAbort();
    else o.signal.addEventListener('abort', onAbort, { once: true });
  });
}

function readSocket(socket: tls.TLSSocket, ms: number): HandshakeOutcome {
  const peer = socket.getPeerCertificate(true);
  const hasPeer = peer && Object.keys(peer).length > 0;
  const error = socket.authorizationError as unknown;
  const authorizationError = error instanceof Error ? ((error as { code?: string }).code ?? error.message) : (error as string | null);
  return {
    kind: 'ok',
    ms,
    protocol: socket.getProtocol(),
    alpn: socket.alpnProtocol,
    cipher: socket.getCipher()?.name,
    authorized: socket.authorized,
    ...(authorizationError ? { authorizationError } : {}),
    ...(hasPeer ? { peer } : {}),
  };
}
