/**
 * Dial a target the way the gateway does: to the resolved IP (or the unix socket), with the
 * gateway's TLS settings (SNI, verification, trust store, versions), while HTTP still names the
 * configured host. Shared by the HTTP, h2, gRPC and MCP probes; records per-phase timings
 * (`tcp`, `tls`) in the vocabulary of ARCHITECTURE §3 rule 4.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { buildConnector } from 'undici';
import type { TlsSettings } from '../model/index.js';
import type { ProbeTarget } from './types.js';
import { gatewayTlsView } from './tls-options.js';

/** Per-phase timings of one connection, ms since the dial started. */
export interface ConnectTimings {
  tcpMs?: number;
  tlsMs?: number;
  alpn?: string;
}

/** An already connected plain socket and how long its connect took, ms. */
export interface ConnectedSocket {
  readonly socket: net.Socket;
  readonly connectMs: number;
}

/** Where to dial: a TCP endpoint or a unix socket. */
export type DialAddress = { readonly ip: string; readonly port: number } | { readonly socketPath: string };

/** The dial address of a target, with an optional port override (a health check's `port=`). */
export function dialAddress(target: ProbeTarget, portOverride?: number): DialAddress | undefined {
  if (target.socketPath) return { socketPath: target.socketPath };
  const port = target.target.checkPort ?? portOverride ?? target.port;
  if (!target.ip || port === undefined) return undefined;
  return { ip: target.ip, port };
}

/** `host:port` for messages; IPv6 in brackets, unix sockets as `unix:/path`. */
export function describeDial(addr: DialAddress): string {
  if ('socketPath' in addr) return `unix:${addr.socketPath}`;
  return addr.ip.includes(':') ? `[${addr.ip}]:${addr.port}` : `${addr.ip}:${addr.port}`;
}

/** A Host header value: the configured name, with the port unless it is the scheme's default (RFC 9110 §7.2). */
export function hostHeader(host: string, port: number | undefined, secure: boolean): string {
  const name = host.includes(':') ? `[${host}]` : host;
  if (port === undefined || port === (secure ? 443 : 80)) return name;
  return `${name}:${port}`;
}

/**
 * node:tls options the gateway would use, from the TLS probe's view of the gateway (SNI only when
 * the gateway sends one, never an IP literal, RFC 6066 §3; verification only when the gateway
 * verifies, against its verify name, e.g. nginx `proxy_ssl_name`; trust store and client
 * certificate read relative to the config file). Rejects with TlsConfigReadError when a file
 * the settings name cannot be read.
 */
export async function gatewayTlsOptions(target: ProbeTarget, settings: TlsSettings, alpn: readonly string[]): Promise<tls.ConnectionOptions> {
  const view = await gatewayTlsView(target, settings);
  const options: tls.ConnectionOptions = {
    rejectUnauthorized: view.verify,
    ALPNProtocols: [...alpn],
    checkServerIdentity: (_name, cert) => (view.verifyHostname ? tls.checkServerIdentity(view.verifyName, cert) : undefined),
  };
  if (view.servername) options.servername = view.servername;
  if (view.ca) options.ca = [...view.ca];
  if (view.cert && view.key) Object.assign(options, { cert: view.cert, key: view.key });
  if (view.minVersion) options.minVersion = view.minVersion;
  if (view.maxVersion) options.maxVersion = view.maxVersion;
  if (view.ciphers) options.ciphers = view.ciphers;
  return options;
}

/**
 * Open one socket (TCP, or TLS over it) and report timings. Resolves with the connected socket;
 * rejects with the socket error (its `code` intact). Bounded by `timeoutMs` and `signal`.
 */
export function dial(
  addr: DialAddress,
  tlsOptions: tls.ConnectionOptions | undefined,
  timings: ConnectTimings,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<net.Socket> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const base = 'socketPath' in addr ? { path: addr.socketPath } : { host: addr.ip, port: addr.port };
    const socket = tlsOptions ? tls.connect({ ...base, ...tlsOptions }) : net.connect(base);
    const fail = (err: Error): void => {
      cleanup();
      socket.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(codedError(`Timeout awaiting 'connect' for ${timeoutMs}ms`, 'CONNECT_TIMEOUT')), timeoutMs);
    const onAbort = (): void => fail(codedError('aborted', 'ABORTED'));
    const onConnect = (): void => {
      timings.tcpMs = performance.now() - started;
    };
    const onReady = (): void => {
      if (tlsOptions) {
        timings.tlsMs = performance.now() - started - (timings.tcpMs ?? 0);
        const alpn = (socket as tls.TLSSocket).alpnProtocol;
        if (alpn) timings.alpn = alpn;
      } else {
        onConnect();
      }
      cleanup();
      resolve(socket);
    };
    function cleanup(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.off('error', fail);
    }
    socket.once('error', fail);
    if (tlsOptions) {
      socket.once('connect', onConnect);
      socket.once('secureConnect', onReady);
    } else {
      socket.once('connect', onReady);
    }
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * An undici connector that dials `addr` whatever origin the client names (so Host stays the
 * configured name). `priorKnowledgeH2` makes undici speak h2c on the plain socket.
 */
export function undiciConnector(
  addr: DialAddress,
  tlsOptions: tls.ConnectionOptions | undefined,
  timings: ConnectTimings,
  timeoutMs: number,
  signal: AbortSignal,
  priorKnowledgeH2 = false,
  reuse?: ConnectedSocket,
): buildConnector.connector {
  return (_opts, callback) => {
    let connected: Promise<net.Socket>;
    if (reuse && !tlsOptions) {
      // The TCP layer's quiet connection (socket-handoff.ts): used once, by the first request.
      timings.tcpMs = reuse.connectMs;
      connected = Promise.resolve(reuse.socket);
      reuse = undefined;
    } else {
      connected = dial(addr, tlsOptions, timings, timeoutMs, signal);
    }
    connected.then(
      (socket) => {
        // undici picks its h2 codec from alpnProtocol; h2c with prior knowledge marks a plain socket (as undici's H2CClient does).
        if (priorKnowledgeH2) Object.assign(socket, { alpnProtocol: 'h2' });
        callback(null, socket);
      },
      (err: Error) => callback(err, null),
    );
  };
}

/** An Error with a stable `code` (matched by code, never instanceof: ARCHITECTURE §3 rule 3). */
export function codedError(message: string, code: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

/** The `code` of an error or of the first error in its `cause` chain that has one (bounded walk). */
export function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
