/**
 * TLS upstreams with real faults on loopback: a certificate preset (or your own PEMs), and
 * optionally a server that only has a certificate for one SNI name (no SNI → no certificate →
 * handshake_failure, as many CDNs and SNI-routed ingresses behave), that demands a client
 * certificate (mTLS), that pins TLS versions, or that negotiates ALPN. It answers HTTP/1.1 or
 * h2 (`respond`), or just completes handshakes (`none`).
 */
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import tls from 'node:tls';
import type { CertPreset, ServerCert } from '../../pki/certs.js';
import { certPreset, makeLeaf, testCa } from '../../pki/certs.js';
import type { RunningFault } from './types.js';

export interface TlsServerOptions {
  /** A preset from certs.ts (default `valid`) or a ready ServerCert. */
  readonly cert?: CertPreset | ServerCert;
  /** Serve a certificate only to clients that send exactly this SNI name. */
  readonly requireSni?: string;
  /** Demand a client certificate signed by the test CA (handshake fails without one). */
  readonly requestClientCert?: boolean;
  readonly minVersion?: tls.SecureVersion;
  readonly maxVersion?: tls.SecureVersion;
  /** ALPN protocols the server accepts, in preference order. */
  readonly alpn?: readonly string[];
  /** What to speak once the handshake is done (default `http`: 200 `ok` to any request). */
  readonly respond?: 'http' | 'h2' | 'none';
  readonly host?: string;
}

/** A running TLS fault; `caPem` is the anchor a correctly configured gateway trusts. */
export interface RunningTlsFault extends RunningFault {
  readonly caPem: string;
}

function answer(_req: unknown, res: { writeHead(s: number, h: Record<string, string>): void; end(b: string): void }): void {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok\n');
}

function createServer(respond: TlsServerOptions['respond'], options: tls.TlsOptions): tls.Server {
  if (respond === 'h2') return http2.createSecureServer({ ...options, allowHTTP1: false }, answer) as unknown as tls.Server;
  if (respond === 'none') return tls.createServer(options, (socket) => socket.resume());
  return https.createServer(options, answer);
}

/** Start a TLS server on loopback port 0 with the requested fault. */
export async function startTlsServer(options: TlsServerOptions = {}): Promise<RunningTlsFault> {
  const served = typeof options.cert === 'object' ? options.cert : certPreset(options.cert ?? 'valid');
  const host = options.host ?? '127.0.0.1';
  const identity = { key: served.keyPem, cert: served.chainPem };
  const base: tls.TlsOptions = {
    ...(options.requireSni === undefined ? identity : {}),
    ...(options.minVersion ? { minVersion: options.minVersion } : {}),
    ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
    ...(options.alpn ? { ALPNProtocols: [...options.alpn] } : {}),
    ...(options.requestClientCert ? { requestCert: true, rejectUnauthorized: true, ca: [testCa().certPem] } : {}),
  };
  if (options.requireSni !== undefined) {
    const named = tls.createSecureContext(identity);
    const wanted = options.requireSni;
    // Only the wanted name gets a certificate; other names fall back to the empty default context.
    base.SNICallback = (servername, cb) => cb(null, servername === wanted ? named : undefined);
  }
  const server = createServer(options.respond, base);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    address: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
    host,
    port,
    caPem: served.caPem,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A client certificate the test CA signed, for gateways that do present one (mTLS). */
export function clientIdentity(): { certPem: string; keyPem: string } {
  const leaf = makeLeaf({ issuer: testCa(), hosts: ['gateway.uh.test'], keyRole: 'client' });
  return { certPem: leaf.certPem, keyPem: leaf.keyPem };
}
