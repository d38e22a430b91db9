/**
 * Debian's real gateways (haproxy, nginx, caddy) as child processes for tests: a temp dir, a config
 * written there, free loopback ports, and a stop that ends only the process this helper started.
 * When the binary is absent the test skips and says why (`.ci/run` installs them).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const HAPROXY = '/usr/sbin/haproxy';
export const NGINX = '/usr/sbin/nginx';
export const CADDY = '/usr/bin/caddy';

export function has(binary: string): boolean {
  return existsSync(binary);
}

/** A loopback port nothing listens on right now (bound on 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningGateway {
  readonly dir: string;
  readonly child: ChildProcess;
  /** Everything the process wrote, for assertion messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Start `binary args` in a fresh temp dir after writing `files` there (names relative to the dir; `{dir}` is replaced). */
export function startGateway(
  binary: string, args: (dir: string) => string[], files: Readonly<Record<string, string>>, env: (dir: string) => Record<string, string> = () => ({}),
): RunningGateway {
  const dir = mkdtempSync(path.join(tmpdir(), 'uh-gw-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text.replaceAll('{dir}', dir));
  const child = spawn(binary, args(dir), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env(dir) } });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => { output += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { output += c.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    dir,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Wait until `ready()` holds, asking again after each answer (at most `tries` times, 100 ms apart
 * between answers): the gateway's checks run on its own clock, so the test waits for their result,
 * not for a fixed time.
 */
export async function until<T>(what: string, ask: () => Promise<T | undefined>, gateway: RunningGateway, tries = 150): Promise<T> {
  for (let i = 0; i < tries; i += 1) {
    if (gateway.child.exitCode !== null) throw new Error(`the gateway exited (${gateway.child.exitCode}) while waiting for ${what}:\n${gateway.output()}`);
    const got = await ask();
    if (got !== undefined) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}:\n${gateway.output()}`);
}
