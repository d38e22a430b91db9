/**
 * Upstreams that speak only one HTTP version, for the protocol layer: an h2-only server (h2c with
 * prior knowledge in clear text, or TLS with ALPN `h2` only, which refuses an http/1.1-only client
 * with a `no_application_protocol` alert, RFC 7301 §3.2) and an HTTP/1.1-only server (which answers
 * the h2 preface `PRI * HTTP/2.0` with a 400, or offers only `http/1.1` in ALPN).
 */
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import type net from 'node:net';
import { certPreset } from '../../pki/certs.js';
import { listenTracked } from './http-servers.js';
import type { RunningFault } from './types.js';

export interface ProtocolServerOptions {
  /** Serve over TLS with the test CA's `valid` certificate (for localhost and 127.0.0.1). */
  readonly tls?: boolean;
}

function answer(req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse): void {
  const body = JSON.stringify({ status: 'up', httpVersion: req.httpVersion });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
}

/** h2 only: clear-text h2c with prior knowledge (RFC 9113 §3.3), or TLS with ALPN `h2` alone. */
export async function startH2OnlyServer(options: ProtocolServerOptions = {}): Promise<RunningFault> {
  const sessions = new Set<http2.ServerHttp2Session>();
  let server: net.Server;
  if (options.tls) {
    const cert = certPreset('valid');
    server = http2.createSecureServer({ key: cert.keyPem, cert: cert.chainPem, allowHTTP1: false, ALPNProtocols: ['h2'] }, answer);
    server.on('tlsClientError', () => undefined);
    const running = await trackSessions(server, sessions);
    return { ...running, caPem: cert.caPem };
  }
  server = http2.createServer({}, answer);
  return trackSessions(server, sessions);
}

/** HTTP/1.1 only: a plain node:http server, or HTTPS offering only `http/1.1` in ALPN. */
export async function startHttp1OnlyServer(options: ProtocolServerOptions = {}): Promise<RunningFault> {
  if (options.tls) {
    const cert = certPreset('valid');
    const server = https.createServer({ key: cert.keyPem, cert: cert.chainPem, ALPNProtocols: ['http/1.1'] }, answer);
    server.on('tlsClientError', () => undefined);
    return { ...(await listenTracked(server)), caPem: cert.caPem };
  }
  return listenTracked(http.createServer(answer));
}

/** h2 sessions outlive their sockets' 'close' bookkeeping; destroy them too on close. */
async function trackSessions(server: net.Server, sessions: Set<http2.ServerHttp2Session>): Promise<RunningFault> {
  server.on('session', (session: http2.ServerHttp2Session) => {
    sessions.add(session);
    session.on('error', () => undefined);
    session.once('close', () => sessions.delete(session));
  });
  const running = await listenTracked(server);
  return {
    ...running,
    close: async () => {
      for (const session of sessions) session.destroy();
      await running.close();
    },
  };
}
