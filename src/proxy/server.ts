import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { STATUS_CODES, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex, Readable } from 'node:stream';
import { UsageError } from '../errors.js';
import type { GatewayConfig } from '../model/index.js';
import { adminHandler } from './admin.js';
import { BodyLimit, refuseTooLarge } from './body-limit.js';
import { clientIp } from './client-address.js';
import { TrustedProxies } from './forwarded.js';
import { answerClientError, answerConnect, answerExpectation, requestFault } from './client-faults.js';
import { sendProxyError } from './errors-body.js';
import { Exchange } from './exchange.js';
import { headFacts } from './forward.js';
import { GroupRuntime } from './group-runtime.js';
import type { ListenAddress } from './listen-address.js';
import { listenPlan, parseListen } from './listen-address.js';
import type { ProxyLog } from './log.js';
import { createLog } from './log.js';
import { RouteTable } from './route-table.js';
import { notEmulated } from './startup-notes.js';
import type { StateChange } from './target-state.js';
import { passUpgrade } from './upgrade.js';
import { closeWhenConnectionDies } from './queued-responses.js';

export interface ProxyOptions {
  /** Overrides the config's listeners (default 127.0.0.1:8080); port 0 = any free port. */
  readonly listen?: string;
  /** Overrides the config's `admin` (default 127.0.0.1:9901); false = no admin listener. */
  readonly admin?: string | false;
  readonly log?: ProxyLog;
  /** Largest request head accepted (node:http maxHeaderSize); beyond it: 431. Default 16 KiB. */
  readonly maxHeaderSize?: number;
  /** Largest request body (Content-Length, or counted as a chunked one streams); beyond it: 413. Default 10 MiB. */
  readonly maxBodyBytes?: number;
  /** Bodies up to this size are held whole, so idempotent requests can be retried. Default 64 KiB. */
  readonly replayBytes?: number;
}

export interface BoundAddress extends ListenAddress {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
}

/**
 * `uh serve`: a health-gated reverse proxy. Events: `state` (StateChange, one per target signal
 * set or cleared), `reload` ({groups}), `reload-rejected` ({error}).
 */
export class Proxy extends EventEmitter {
  readonly startedAt = Date.now();
  readonly log: ProxyLog;
  /** One node:http server per listen address, all serving the same routes (the first is `address`). */
  #servers: Server[] = [];
  #admin: Server | undefined;
  #groups = new Map<string, GroupRuntime>();
  #routes: RouteTable;
  #trusted: TrustedProxies;
  #inFlight = 0;
  /** Upgraded (WebSocket) tunnels: node:http no longer tracks them, so close() must. */
  readonly #tunnels = new Set<Duplex>();
  #closing = false;
  readonly #maxBody: number;
  readonly #replay: number;
  readonly #maxHeaderSize: number;

  private constructor(config: GatewayConfig, options: ProxyOptions) {
    super();
    this.log = options.log ?? createLog(config.serve.accessLog);
    this.#maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
    this.#replay = options.replayBytes ?? 64 * 1024;
    this.#routes = new RouteTable(config);
    this.#trusted = new TrustedProxies(config.serve.trustedProxies);
    this.#groups = this.#buildGroups(config, true);
    this.#maxHeaderSize = options.maxHeaderSize ?? 16 * 1024;
  }

  #newServer(): Server {
    const server = createServer(
      { maxHeaderSize: this.#maxHeaderSize, requestTimeout: 60_000, headersTimeout: 30_000, keepAliveTimeout: 5_000 },
      this.#onRequest,
    );
    server.on('clientError', answerClientError);
    server.on('upgrade', this.#onUpgrade);
    server.on('connect', (_req: IncomingMessage, socket: Duplex) => answerConnect(socket));
    // Without this listener node:http sends `100 Continue` at once; with it, uh sends it only when it
    // is about to read the body (not before a 404, 400 or 413).
    server.on('checkContinue', this.#onCheckContinue);
    server.on('checkExpectation', answerExpectation);
    this.#servers.push(server);
    return server;
  }

  /** Start listening (proxy and admin) and the health checks; resolves once both are bound. */
  static async start(config: GatewayConfig, options: ProxyOptions = {}): Promise<Proxy> {
    const proxy = new Proxy(config, options);
    const plan = listenPlan(config, options.listen);
    for (const line of [...notEmulated(config), ...plan.notes]) proxy.log.event({ event: 'not-emulated', message: line });
    const admin = options.admin ?? config.serve.admin ?? '127.0.0.1:9901';
    try {
      for (const at of plan.addresses) await listenOn(proxy.#newServer(), at);
      if (admin !== false) {
        proxy.#admin = createServer(adminHandler({ groups: () => [...proxy.#groups.values()], startedAt: proxy.startedAt, inFlight: () => proxy.inFlight }));
        await listenOn(proxy.#admin, parseListen(admin, 'admin'));
      }
    } catch (err) {
      for (const server of proxy.#servers) server.close();
      throw err;
    }
    for (const g of proxy.#groups.values()) g.start();
    proxy.log.event({ event: 'listening', url: proxy.address.url, urls: proxy.addresses.map((a) => a.url), admin: proxy.adminAddress?.url, groups: proxy.#groups.size, routes: proxy.#routes.routes.length });
    return proxy;
  }

  /** The first listener's address. */
  get address(): BoundAddress {
    return bound(this.#servers[0]!);
  }

  /** Every listener's address, in the order they were bound. */
  get addresses(): BoundAddress[] {
    return this.#servers.map(bound);
  }

  get adminAddress(): BoundAddress | undefined {
    return this.#admin ? bound(this.#admin) : undefined;
  }

  groups(): readonly GroupRuntime[] {
    return [...this.#groups.values()];
  }

  /**
   * Swap in a new config without dropping connections: unchanged targets (same group, same
   * address) keep their health state and warm pools; in-flight requests finish on the old runtime.
   */
  async reload(config: GatewayConfig): Promise<void> {
    const routes = new RouteTable(config);
    const previous = this.#groups;
    const next = this.#buildGroups(config, false, previous);
    this.#routes = routes;
    this.#trusted = new TrustedProxies(config.serve.trustedProxies);
    this.#groups = next;
    for (const g of next.values()) g.start();
    await Promise.all([...previous.values()].map((g) => g.stop(next.get(g.group.name))));
    for (const line of notEmulated(config)) this.log.event({ event: 'not-emulated', message: line });
    this.log.event({ event: 'reloaded', groups: next.size, routes: routes.routes.length });
    this.emit('reload', { groups: next.size });
  }

  /**
   * Graceful stop: no new connections, in-flight requests finish within `graceMs`, then every
   * remaining connection is cut. Resolves when both listeners are closed.
   */
  async close(graceMs = 10_000): Promise<void> {
    this.#closing = true;
    const servers = this.#servers;
    const closed = Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    for (const server of servers) server.closeIdleConnections();
    const timer = setTimeout(() => {
      for (const server of servers) server.closeAllConnections();
      for (const t of this.#tunnels) t.destroy();
    }, graceMs);
    timer.unref();
    if (this.#admin) {
      const admin = this.#admin;
      admin.closeAllConnections();
      await new Promise<void>((resolve) => admin.close(() => resolve()));
    }
    await closed;
    clearTimeout(timer);
    await Promise.all([...this.#groups.values()].map((g) => g.stop()));
    await this.log.close();
  }

  #buildGroups(config: GatewayConfig, coldStart: boolean, previous?: Map<string, GroupRuntime>): Map<string, GroupRuntime> {
    const out = new Map<string, GroupRuntime>();
    for (const group of config.groups) {
      const prev = previous?.get(group.name);
      out.set(group.name, new GroupRuntime(group, { log: this.log, onStateChange: this.#onState, coldStart, ...(prev ? { previous: prev } : {}) }));
    }
    return out;
  }

  readonly #onState = (change: StateChange): void => {
    this.log.event({ event: 'target-state', ...change, since: new Date(change.since).toISOString() });
    this.emit('state', change);
  };

  readonly #onRequest = (req: IncomingMessage, res: ServerResponse): void => this.#admit(req, res, false);
  readonly #onCheckContinue = (req: IncomingMessage, res: ServerResponse): void => this.#admit(req, res, true);

  /**
   * Count the request in flight until its response closes. A pipelined request waits for its turn
   * (its response gets the connection) before anything is sent upstream, as nginx serves one
   * request at a time per connection: a client that pipelines 50 requests and leaves costs the
   * targets one request, not 50.
   */
  #admit(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void {
    this.#inFlight++;
    res.on('close', this.#onResponseClose);
    closeWhenConnectionDies(req, res);
    if (res.socket) return this.#handle(req, res, expectsContinue);
    res.once('socket', () => {
      if (!res.destroyed && !req.socket.destroyed) this.#handle(req, res, expectsContinue);
    });
  }

  #handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void {
    const head = headFacts(req.rawHeaders);
    const given = head.requestId;
    const hasRequestId = given !== undefined && given.length > 0 && given.length <= 200;
    const requestId = hasRequestId ? given : randomUUID();
    const fault = requestFault(head);
    if (fault) return sendProxyError(res, { error: fault.error, requestId, reason: fault.reason });
    const route = this.#routes.match(req);
    const runtime = route ? this.#groups.get(route.route.upstream) : undefined;
    if (!route || !runtime) return sendProxyError(res, { error: 'no_route', requestId });
    const ip = clientIp(req.socket.remoteAddress);
    const full = this.#trusted.topologyVisible(ip, head);
    const start = (body: Buffer | Readable | null): void =>
      new Exchange({ runtime, log: this.log, req, res, requestId, hasRequestId, clientIp: ip, full, body, route: route.label }).start();
    const length = head.contentLength;
    if (length === undefined && !head.chunked) return start(null);
    const n = length === undefined ? NaN : Number(length);
    if (n > this.#maxBody) return void refuseTooLarge(res, requestId);
    if (expectsContinue) res.writeContinue();
    if (n <= this.#replay) return readWhole(req, n, (body) => (body ? start(body) : res.destroy()));
    // node:http holds a Content-Length body to its length; a chunked one is counted as it passes.
    start(length === undefined ? new BodyLimit(req, this.#maxBody) : req);
  }

  readonly #onResponseClose = (): void => {
    this.#inFlight--;
    if (this.#closing) for (const server of this.#servers) server.closeIdleConnections();
  };

  readonly #onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const route = this.#routes.match(req);
    const runtime = route ? this.#groups.get(route.route.upstream) : undefined;
    const ip = clientIp((socket as Socket).remoteAddress);
    const target = runtime?.pick({ clientIp: ip, headers: req.headers, exclude: undefined });
    if (!target || this.#closing) {
      socket.end(`HTTP/1.1 503 ${STATUS_CODES[503]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    this.#tunnels.add(socket);
    socket.once('close', () => this.#tunnels.delete(socket));
    passUpgrade(req, socket, head, target, ip);
  };

  /** Requests whose response has not closed yet. */
  get inFlight(): number {
    return this.#inFlight;
  }
}

/** Read a small body whole (the bounded replay buffer); null when the client went away. */
function readWhole(req: IncomingMessage, expected: number, done: (body: Buffer | null) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= expected) chunks.push(c);
  });
  req.once('end', () => done(Buffer.concat(chunks, Math.min(size, expected))));
  req.once('error', () => done(null));
}

/** Bind, or fail with a usage error naming the address (EADDRINUSE, EACCES...): exit 2, not a stack. */
function listenOn(server: Server, at: ListenAddress): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new UsageError(`cannot listen on ${at.host}:${at.port}: ${err.code ?? err.message}`, { cause: err })));
    server.listen(at.port, at.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
}

function bound(server: Server): BoundAddress {
  const a = server.address() as AddressInfo;
  const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return { host: a.address, port: a.port, url: `http://${host}:${a.port}` };
}
