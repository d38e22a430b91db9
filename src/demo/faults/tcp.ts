/**
 * Transport-level faults on loopback, shared by `uh demo` and the tests: a port where nothing
 * listens (tcp-refused), a listener that accepts and never answers (the classic health-timeout:
 * TCP passes, HTTP hangs), and a listener that resets every connection right after accept
 * (tcp-reset), and one whose accept queue is full so SYNs are dropped (tcp-timeout). Each listens on port 0 and `close()` frees the port and every socket it accepted.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { RunningFault } from './types.js';

const LOOPBACK = '127.0.0.1';

/**
 * A loopback port with nothing listening: a connect there gets RST → ECONNREFUSED. Chosen BELOW
 * the kernel's ephemeral range, so no `listen(0)` elsewhere (another test's server) can be handed
 * it later — a freed ephemeral port can be, which once turned a "refused" target healthy mid-test.
 * Each candidate is checked with a connect, which has no side effect on anyone else.
 */
export async function refusedPort(host = LOOPBACK): Promise<number> {
  const [ephemeralLow] = ephemeralRange();
  const low = 10_000;
  const high = Math.max(low + 1000, ephemeralLow - 1);
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await refuses(host, port)) return port;
  }
  throw new Error(`no refused port found on ${host} in ${low}-${high} after 50 tries`);
}

/** `net.ipv4.ip_local_port_range`, or Linux's default when it cannot be read. */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && high) return [low, high];
  } catch {
    // not Linux, or /proc not mounted: fall through to the default
  }
  return [32768, 60999];
}

function refuses(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1000 });
    socket.once('connect', () => { socket.destroy(); resolve(false); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

/** Start a server on `host:0` with a per-connection handler; sockets are tracked and destroyed on close. */
async function startTracked(onSocket: (socket: net.Socket) => void, host = LOOPBACK): Promise<RunningFault> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await listen(server, host);
  const port = (server.address() as net.AddressInfo).port;
  return {
    address: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Accepts every connection, reads and discards, never writes: connect passes, any request hangs. */
export function startBlackhole(host = LOOPBACK): Promise<RunningFault> {
  return startTracked((socket) => socket.resume(), host);
}

/**
 * Accepts, then aborts with a real TCP RST: `socket.resetAndDestroy()` (Node ≥ 16.17 / 18.3) sets
 * SO_LINGER 0 before closing, so the kernel sends RST instead of FIN and the peer sees ECONNRESET.
 */
export function startResetServer(host = LOOPBACK): Promise<RunningFault> {
  return startTracked((socket) => socket.resetAndDestroy(), host);
}

/** Accepts, then closes politely (FIN) without a byte: the "empty reply from server" case. */
export function startCloseServer(host = LOOPBACK): Promise<RunningFault> {
  return startTracked((socket) => socket.end(), host);
}

/**
 * The child that owns the full listener: listen with backlog 1, print the port, then block its
 * event loop (bounded, 120 s) so it never accept()s. Linux queues backlog+1 handshakes, then
 * drops further SYNs (tcp_conn_request: "accept queue full → drop"): the client retransmits
 * its SYN and the connect times out, exactly like a firewall DROP, but on loopback.
 */
const FULL_BACKLOG_CHILD = `
const net = require('node:net');
const server = net.createServer();
server.listen({ host: process.argv[1], port: 0, backlog: 1 }, () => {
  process.stdout.write(server.address().port + '\\n', () => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000);
    process.exit(0);
  });
});`;

/** Connections the kernel completes for a backlog of 1 before it drops SYNs (backlog + 1). */
const BACKLOG_FILLERS = 2;

/**
 * A loopback port where connect() times out (tcp-timeout): a child process listens with backlog
 * 1 and never accepts; two filler connections take the queue. Linux only (the queue rule is
 * Linux's); `close()` kills the child and the fillers.
 */
export async function startFullBacklog(host = LOOPBACK): Promise<RunningFault> {
  const child = spawn(process.execPath, ['-e', FULL_BACKLOG_CHILD, host], { stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const fillers: net.Socket[] = [];
  const close = async (): Promise<void> => {
    for (const socket of fillers) socket.destroy();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim())));
      child.once('exit', (code) => reject(new Error(`full-backlog child exited (${code}) before listening`)));
    });
    for (let i = 0; i < BACKLOG_FILLERS; i++) fillers.push(await connected(host, port));
    return { address: `${host}:${port}`, host, port, close };
  } catch (err) {
    await close();
    throw err;
  }
}

function connected(host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

function listen(server: net.Server, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
}
