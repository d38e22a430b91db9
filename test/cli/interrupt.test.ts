/**
 * Ctrl-C and SIGTERM against the real built CLI. `uh diagnose` runs in a pseudo-terminal (Python's
 * pty, test/cli/pty-run.py), as a user's terminal would run it — including one that reports 0
 * columns, where the spinner used to write cursor codes forever and ignore Ctrl-C. The signal is
 * sent once uh is provably probing: the hung upstream has its connection.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuilt } from './helpers.js';

const PYTHON = spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;
if (!PYTHON) console.warn('interrupt.test: python3 with pty is not installed; the pseudo-terminal tests are skipped');

interface PtyResult {
  readonly code: number | null;
  readonly signal: number | null;
  readonly bytes: number;
  readonly tail: string;
  readonly secondsAfterSignal: number | null;
  readonly killed: 'bytes' | 'time' | null;
}

/** A hung upstream: accepts, reads, never answers. `connected` resolves on its first connection. */
async function startHungUpstream(): Promise<{ port: number; connected: Promise<void>; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let onConnection!: () => void;
  const connected = new Promise<void>((resolve) => (onConnection = resolve));
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.resume();
    onConnection();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connected,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Environment of a user's terminal: no CI, colours allowed. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  delete env.CI;
  delete env.NO_COLOR;
  delete env.UH_DEBUG;
  return env;
}

/** Run `uh args` in a `cols`-wide pty; once `ready` resolves, type Ctrl-C (or send SIGTERM). */
async function interruptInPty(cols: number, args: readonly string[], ready: Promise<void>, send: 'INT' | 'TERM'): Promise<PtyResult> {
  const child: ChildProcessWithoutNullStreams = spawn(
    'python3',
    [join(ROOT, 'test/cli/pty-run.py'), '24', String(cols), String(1024 * 1024), '20', process.execPath, join(ROOT, 'bin/uh.js'), ...args],
    { cwd: ROOT, env: userEnv() },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await Promise.race([ready, exited]);
  child.stdin.write(`${send}\n`);
  child.stdin.end();
  await exited;
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as PtyResult;
}

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'uh-interrupt-'));
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFor(port: number): string {
  const path = join(dir, `hung-${port}.yaml`);
  writeFileSync(path, `upstreams:\n  api:\n    targets:\n      - address: 127.0.0.1:${port}\n`);
  return path;
}

/** `uh diagnose` of a hung upstream in a `cols`-wide pty, interrupted once the upstream has its connection. */
async function diagnoseHungThen(cols: number, send: 'INT' | 'TERM'): Promise<PtyResult> {
  const hung = await startHungUpstream();
  try {
    return await interruptInPty(cols, ['diagnose', configFor(hung.port)], hung.connected, send);
  } finally {
    await hung.close();
  }
}

describe.skipIf(!PYTHON)('Ctrl-C during `uh diagnose` of a hung upstream, in a terminal', () => {
  it('on a terminal reporting 0 columns: ends within 2 s, exit 130, with bounded output (no spinner runaway)', async () => {
    const result = await diagnoseHungThen(0, 'INT');
    expect(result.killed).toBeNull();
    expect(result.code).toBe(130);
    expect(result.secondsAfterSignal).toBeLessThan(2);
    expect(result.bytes).toBeLessThan(4096);
  });

  it('on an 80-column terminal: the spinner stops, the cursor comes back, exit 130', async () => {
    const result = await diagnoseHungThen(80, 'INT');
    expect(result.killed).toBeNull();
    expect(result.code).toBe(130);
    expect(result.secondsAfterSignal).toBeLessThan(2);
    expect(result.tail).toContain('\u001b[?25h'); // cursor shown again
  });

  it('SIGTERM: exit 143', async () => {
    const result = await diagnoseHungThen(80, 'TERM');
    expect(result.code).toBe(143);
    expect(result.secondsAfterSignal).toBeLessThan(2);
  });
});

describe('Ctrl-C ends `uh demo --keep`: servers stopped, temp dir removed', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal}: exit ${code}, the config's folder is gone`, async () => {
      const child = spawn(process.execPath, [join(ROOT, 'bin/uh.js'), 'demo', '--keep'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
      let out = '';
      const waiting = new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Press Ctrl-C')) resolve();
        });
      });
      const exited = new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
      await Promise.race([waiting, exited]);
      const configPath = /Try: uh diagnose (\S+)/.exec(out)?.[1];
      expect(configPath).toBeDefined();
      expect(existsSync(configPath!)).toBe(true);
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(existsSync(join(configPath!, '..'))).toBe(false);
    }, 60_000);
  }
});
