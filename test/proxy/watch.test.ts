import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mtimeOf, watchConfig } from '../../src/proxy/lifecycle.js';
import { ROOT, ensureBuilt } from '../cli/helpers.js';
import { client, closedAfterEach, get, startUpstream } from './helpers.js';

/** Longest wait for one log event: a reload needs one mtime poll (500 ms) plus a config load. */
const EVENT_MS = 10_000;

type Event = Record<string, unknown> & { readonly event: string };

/**
 * The JSON event lines a running `uh serve` writes on stderr. `next` resolves with the first
 * matching event after the last one it returned, so an earlier `reloaded` never answers a later wait.
 */
class ServeEvents {
  readonly #seen: Event[] = [];
  readonly #text: string[] = [];
  #from = 0;
  #wake: (() => void) | undefined;

  constructor(child: ChildProcess) {
    createInterface({ input: child.stderr! }).on('line', (line) => {
      this.#text.push(line);
      try {
        this.#seen.push(JSON.parse(line) as Event);
      } catch {
        return; // not an event line (a crash message): kept in the text for the failure message
      }
      this.#wake?.();
    });
  }

  async next(event: string, ms = EVENT_MS): Promise<Event> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.#seen.findIndex((e, at) => at >= this.#from && e.event === event);
      if (i >= 0) {
        this.#from = i + 1;
        return this.#seen[i]!;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no "${event}" event within ${ms} ms; stderr so far:\n${this.#text.join('\n')}`);
      await new Promise<void>((resolve) => {
        const bound = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(bound);
          resolve();
        };
      });
    }
  }
}

/** Stop a spawned `uh serve` (SIGTERM: its graceful stop), SIGKILL if it outlives the bound. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const bound = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(bound);
}

const config = (target: string): string => `
access_log: off
upstreams:
  web:
    targets:
      - address: ${target}
routes:
  - match: {path_prefix: /api}
    upstream: web
`;

describe('uh serve --watch (the real binary)', () => {
  beforeAll(ensureBuilt, 300_000);
  let dir: string | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child) await stop(child);
    child = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  // Registered after the hook above, so it runs first (after-hooks run as a stack): client and upstreams go before the process.
  const run = closedAfterEach();

  it('reloads when the file changes, and keeps the running config when the new one is invalid', async () => {
    const a = await startUpstream('a');
    const b = await startUpstream('b');
    run.ups.push(a, b);
    dir = mkdtempSync(join(tmpdir(), 'uh-watch-'));
    const path = join(dir, 'uh.yaml');
    writeFileSync(path, config(a.address));
    child = spawn(process.execPath, [join(ROOT, 'bin/uh.js'), 'serve', '--watch', '--listen', '127.0.0.1:0', '--admin', '127.0.0.1:0', path], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const events = new ServeEvents(child);
    const url = (await events.next('listening')).url as string;
    run.agent = client();
    expect((await get(run.agent, `${url}/api/1`)).text).toBe('a');

    writeFileSync(path, config(b.address));
    expect(await events.next('reloaded')).toMatchObject({ groups: 1, routes: 1 });
    expect((await get(run.agent, `${url}/api/2`)).text).toBe('b');

    writeFileSync(path, 'upstreams:\n  web:\n    targetz: []\n');
    const rejected = await events.next('reload-rejected');
    expect(rejected.error).toContain('targetz');
    expect(rejected.keeping).toBe('the running config');
    expect((await get(run.agent, `${url}/api/3`)).text).toBe('b');
    expect(a.hits).toBe(1);
  });
});

describe('watchConfig', () => {
  let dir: string | undefined;
  let unwatch: (() => void) | undefined;
  afterEach(() => {
    unwatch?.();
    unwatch = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('sees an edit made after the config was read but before polling began (while the proxy was starting)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'uh-watch-'));
    const path = join(dir, 'uh.yaml');
    writeFileSync(path, config('127.0.0.1:1'));
    const since = mtimeOf(path)!;
    // The edit lands before watching starts; a set mtime, not the clock, makes it differ for sure.
    writeFileSync(path, config('127.0.0.1:2'));
    utimesSync(path, new Date(since + 60_000), new Date(since + 60_000));
    let bound: NodeJS.Timeout | undefined;
    const changed = await new Promise<boolean>((resolve) => {
      unwatch = watchConfig(path, since, 10, () => resolve(true));
      bound = setTimeout(() => resolve(false), EVENT_MS);
    });
    clearTimeout(bound);
    expect(changed).toBe(true);
  });
});
