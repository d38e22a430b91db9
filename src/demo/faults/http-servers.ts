/**
 * Upstreams with real HTTP faults, on 127.0.0.1 port 0: the health answers that make a gateway
 * say "no healthy upstream" (wrong path, failed dependency, hang, slowness, flapping, overload,
 * auth). `uh demo` and the tests start the same servers, so both see the same faults.
 */
import http from 'node:http';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { RunningFault } from './types.js';

export type HttpHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/**
 * Listen on `host`:0 and serve `handler`. `close()` destroys every open socket, so a hanging
 * request or a keep-alive connection never holds the test (or the demo) open.
 */
export async function startHttpServer(handler: HttpHandler, host = '127.0.0.1'): Promise<RunningFault> {
  const server = http.createServer({ keepAliveTimeout: 1000 }, handler);
  return listenTracked(server, host);
}

/**
 * Listen on `host`:0, track sockets, and wrap the server as a RunningFault. Shared by the h2,
 * gRPC, MCP and non-HTTP faults.
 */
export async function listenTracked(server: net.Server, host = '127.0.0.1'): Promise<RunningFault> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  server.on('connection', track);
  server.on('secureConnection', track);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    address: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
    host,
    port,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** 200 `{"status":"up"}` on every path: the control case. */
export function healthyServer(): Promise<RunningFault> {
  return startHttpServer((_req, res) => json(res, 200, { status: 'up' }));
}

/** 200 on `/`, 404 on `/health` (and anything else): the check probes a path the service never had. */
export function wrongHealthPathServer(): Promise<RunningFault> {
  return startHttpServer((req, res) => {
    if (req.url === '/') json(res, 200, { service: 'users', status: 'up' });
    else json(res, 404, { error: 'not found', path: req.url });
  });
}

/** The process is up, its database is not: `status` 500 or 503 with the dependency named in the body. */
export function failingDependencyServer(status: 500 | 503 = 503): Promise<RunningFault> {
  return startHttpServer((_req, res) => json(res, status, { status: 'down', checks: { database: 'connection refused' } }));
}

/** Accepts, reads the request, never answers (a deadlocked or exhausted process). */
export function hangingServer(): Promise<RunningFault> {
  return startHttpServer((req) => {
    req.resume();
  });
}

/** Answers 200, but only after `ms` (measured from the request head). */
export function slowServer(ms: number): Promise<RunningFault> {
  return startHttpServer((req, res) => {
    req.resume();
    const timer = setTimeout(() => json(res, 200, { status: 'up', tookMs: ms }), ms);
    res.once('close', () => clearTimeout(timer));
  });
}

/** Alternates 200 and 503 on successive requests, starting with 200. */
export function flappingServer(): Promise<RunningFault> {
  let count = 0;
  return startHttpServer((_req, res) => {
    const up = count++ % 2 === 0;
    if (up) json(res, 200, { status: 'up' });
    else json(res, 503, { status: 'down', checks: { cache: 'timeout' } });
  });
}

/** 429 Too Many Requests (RFC 6585 §4), or 503 Service Unavailable (RFC 9110 §15.6.4), with Retry-After. */
export function overloadedServer(status: 429 | 503 = 429): Promise<RunningFault> {
  const error = status === 429 ? 'too many requests' : 'service unavailable';
  return startHttpServer((_req, res) => json(res, status, { error }, { 'retry-after': '5' }));
}

/** 401 with a Bearer challenge on every path, health included. */
export function authServer(): Promise<RunningFault> {
  return startHttpServer((_req, res) => json(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer realm="api"' }));
}
