/**
 * Dial a target the way the gateway does: to the resolved IP (or the unix socket), with the
 * gateway's TLS settings (SNI, verification, trust store, versions), while HTTP still names the
 * configured host. Shared by the HTTP, h2, gRPC and MCP probes; records per-phase timings
 * (`tcp`, `tls`) in the vocabulary of ARCHITECTURE §3 rule 4.
 */
import net from 'node:net';
import tls from 'node:tls';
import { readFile } from 'node:fs/promises';
import type { buildConnector } from 'undici';
import { isIpLiteral } from '../model/index.js';
import type { TlsSettings } from '../model/index.js';
import type { ProbeTarget } from './types.js';

/** Per-phase timings of one connection, ms since the dial started. */
export interface ConnectTimings {
  tcpMs?: number;
  tlsMs?: number;
  alpn?: string;
}

/** Where to dial: a TCP endpoint or a unix socket. */
export type DialAddress = { readonly ip: string; readonly port: number } | { readonly socketPath: string };

/** The dial address of a target, with an optional port override (a health check's `port=`). */
export function dialAddress(target: ProbeTarget, portOverride?: number): DialAddress | undefined {
  if (target.socketPath) return { socketPath: target.socketPath };
  const port = portOverride ?? target.port;
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
 * node:tls options the gateway would use: SNI = the configured `sni` (or the target host with
 * auto SNI; never an IP literal, RFC 6066 §3), verification on only when the gateway verifies,
 * the check against `verifyName` when it differs from the SNI (nginx `proxy_ssl_name`).
 */
export async function gatewayTlsOptions(settings: TlsSettings, host: string, alpn: readonly string[]): Promise<tls.ConnectionOptions> {
  const sni = settings.sni ?? (settings.autoSni ? host : undefined);
  const options: tls.ConnectionOptions = {
    rejectUnauthorized: settings.verify,
    ALPNProtocols: [...alpn],
    minVersion: settings.minVersion,
    maxVersion: settings.maxVersion,
  };
  if (sni && !isIpLiteral(sni)) options.servername = sni;
  if (settings.ciphers) options.ciphers = settings.ciphers;
  if (settings.caInline) options.ca = settings.caInline;
  else if (settings.ca) options.ca = await readFile(settings.ca, 'utf8');
  if (settings.clientCert?.cert && settings.clientCert.key) {
    options.cert = await readFile(settings.clientCert.cert, 'utf8');
    options.key = await readFile(settings.clientCert.key, 'utf8');
  }
  const verifyName = settings.verifyName ?? sni ?? host;
  options.checkServerIdentity = (_name, cert) => tls.checkServerIdentity(verifyName, cert);
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

/** An undici connector that dials `addr` whatever origin the client names (so Host stays the configured name). */
export function undiciConnector(
  addr: DialAddress,
  tlsOptions: tls.ConnectionOptions | undefined,
  timings: ConnectTimings,
  timeoutMs: number,
  signal: AbortSignal,
): buildConnector.connector {
  return (_opts, callback) => {
    dial(addr, tlsOptions, timings, timeoutMs, signal).then(
      (socket) => callback(null, socket),
      (err: Error) => callback(err, null),
    );
  };
}

/**
 * Whether the port completes a TLS handshake (any certificate accepted): how uh tells "plain
 * HTTP sent to a TLS port" from other resets. Never throws; bounded by `timeoutMs`.
 */
export async function speaksTls(addr: DialAddress, host: string, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  const options: tls.ConnectionOptions = { rejectUnauthorized: false };
  if (!isIpLiteral(host) && !('socketPath' in addr)) options.servername = host;
  try {
    const socket = await dial(addr, options, {}, timeoutMs, signal);
    socket.destroy();
    return true;
  } catch {
    return false;
  }
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
