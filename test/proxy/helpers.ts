import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterEach } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { GatewayConfig } from '../../src/model/index.js';
import { Proxy } from '../../src/proxy/server.js';
import type { ProxyOptions } from '../../src/proxy/server.js';
import { memoryLog } from '../../src/proxy/log.js';
import type { StateChange } from '../../src/proxy/target-state.js';

/** A real HTTP upstream on 127.0.0.1:0 that answers with its name (and counts what it saw). */
export interface Upstream {
  readonly name: string;
  readonly port: number;
  readonly address: string;
  hits: number;
  readonly server: Server;
  /** Stop listening and cut every open socket: the process "died". */
  kill(): Promise<void>;
  /** Listen again on the same port: the process came back. */
  revive(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, up: Upstream) => void;

const answerName: Handler = (req, res, up) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'text/plain', 'x-upstream': up.name });
  res.end(up.name);
};

export async function startUpstream(name: string, handler: Handler = answerName, port = 0): Promise<Upstream> {
  const sockets = new Set<Socket>();
  const server = createServer();
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const bound = (server.address() as AddressInfo).port;
  const up: Upstream = {
    name,
    port: bound,
    address: `127.0.0.1:${bound}`,
    hits: 0,
    server,
    async kill() {
      if (!server.listening) return;
      const closed = once(server, 'close');
      server.close();
      for (const s of sockets) s.destroy();
      await closed;
    },
    async revive() {
      server.listen(bound, '127.0.0.1');
      await once(server, 'listening');
    },
  };
  server.on('request', (req, res) => {
    up.hits++;
    handler(req, res, up);
  });
  return up;
}

/** Start uh serve on loopback port 0 with an in-memory log; admin on port 0 too. */
export async function serve(config: GatewayConfig, options: ProxyOptions = {}): Promise<{ proxy: Proxy; log: ReturnType<typeof memoryLog> }> {
  const log = (options.log as ReturnType<typeof memoryLog> | undefined) ?? memoryLog();
  const proxy = await Proxy.start(config, { listen: '127.0.0.1:0', admin: '127.0.0.1:0', ...options, log });
  return { proxy, log };
}

/** What a proxy test started and wants closed: its client, uh serve, and the upstreams behind it. */
export interface Running {
  proxy: Proxy | undefined;
  agent: Agent | undefined;
  readonly ups: Upstream[];
}

/**
 * Register an afterEach that closes the client agent, then the proxy (giving requests in flight
 * `graceMs`), then kills every upstream, and clears them for the next test. Tests fill in the
 * returned record as they start things.
 */
export function closedAfterEach(graceMs = 1000): Running {
  const run: Running = { proxy: undefined, agent: undefined, ups: [] };
  afterEach(async () => {
    await run.agent?.close();
    run.agent = undefined;
    await run.proxy?.close(graceMs);
    run.proxy = undefined;
    await Promise.all(run.ups.splice(0).map((u) => u.kill()));
  });
  return run;
}

/** A client with its own connection pool (closed by the test). */
export function client(): Agent {
  return new Agent({ keepAliveTimeout: 1_000, connections: 64 });
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

export async function get(agent: Agent, url: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<Answer> {
  const res = await request(url, { dispatcher: agent, method: method as 'GET', headers, ...(body !== undefined ? { body } : {}) });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

/**
 * Resolve when a target's state change matches, checking the live state first so an event that
 * already happened is not waited for. Bounded by the test timeout.
 */
export function stateReached(proxy: Proxy, address: string, match: (c: StateChange) => boolean, already?: () => boolean): Promise<void> {
  if (already?.()) return Promise.resolve();
  return new Promise((resolve) => {
    const onState = (c: StateChange): void => {
      if (c.address !== address || !match(c)) return;
      proxy.off('state', onState);
      resolve();
    };
    proxy.on('state', onState);
  });
}

/** The live TargetState for an address. */
export function targetOf(proxy: Proxy, address: string) {
  for (const g of proxy.groups()) for (const t of g.targets) if (t.address === address) return t;
  throw new Error(`no target ${address}`);
}

/** Send raw bytes and collect everything until the server closes (for headers clients refuse to send). */
export async function rawExchange(port: number, text: string): Promise<string> {
  const { connect } = await import('node:net');
  const socket = connect(port, '127.0.0.1');
  socket.write(text);
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  await once(socket, 'close');
  return Buffer.concat(chunks).toString('latin1');
}

/** A uh YAML text as a user writes it, read by the real loader (from a temp file, removed at once). */
export function configFromYaml(text: string): GatewayConfig {
  const dir = mkdtempSync(join(tmpdir(), 'uh-yaml-'));
  try {
    const path = join(dir, 'uh.yaml');
    writeFileSync(path, text);
    return loadConfig(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The config a user writes for two targets: the targets and an active check, nothing else. */
export function twoTargetsYaml(a: Upstream, b: Upstream, extra = ''): string {
  return `upstreams:
  web:
    targets:
      - address: ${a.address}
      - address: ${b.address}
    health:
      active:
        path: /health
${extra}`;
}

/**
 * `clients` loops sending GETs to `url` until `total` were sent, calling `during(n)` as request n
 * goes out (to kill a target mid-run); the answers by status, or by error message when no answer.
 */
export async function loadWhile(agent: Agent, url: string, total: number, during: (n: number) => void = () => undefined, clients = 8): Promise<Map<number | string, number>> {
  const statuses = new Map<number | string, number>();
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < total) {
      sent++;
      during(sent);
      const status = await get(agent, url).then((r) => r.status, (err: Error) => err.message);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  return statuses;
}
