/**
 * The terminal report as people see it: the real built binary in a pseudo-terminal (util-linux
 * `script`) at 0, 80 and 160 columns, and in a pipe. A user's config with the fewest keys: two
 * targets, one healthy and one refused, no health block.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthyServer } from '../../src/demo/faults/http-servers.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import { ensureBuilt, ROOT, spawnUh } from './helpers.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[a-zA-Z]/g;
const lines = (text: string): string[] => text.replace(ANSI, '').replace(/\r/g, '').split('\n');
const longest = (text: string): number => Math.max(...lines(text).map((l) => [...l].length));

const hasScript = await new Promise<boolean>((resolve) => execFile('script', ['--version'], (err) => resolve(!err)));

/** The CLI in a pseudo-terminal of `columns` columns (0: a terminal that reports none). */
function inTerminal(columns: number, args: readonly string[]): Promise<string> {
  const command = `stty cols ${columns} rows 50; exec ${process.execPath} ${path.join(ROOT, 'bin/uh.js')} ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    execFile('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, timeout: 60_000, env: { ...process.env, LANG: 'C.UTF-8', NO_COLOR: '', CI: '' } }, (error, stdout) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve(stdout);
    });
  });
}

describe('uh diagnose: the report fits the terminal it is read in', () => {
  let dir: string;
  let config: string;
  let healthy: RunningFault;
  let refused: number;
  const args = (): string[] => ['diagnose', config, '--hosts-file', path.join(dir, 'hosts'), '--samples', '1'];

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'uh-layout-'));
    healthy = await healthyServer();
    refused = await refusedPort();
    config = path.join(dir, 'uh.yaml');
    writeFileSync(path.join(dir, 'hosts'), '');
    writeFileSync(config, `upstreams:\n  users:\n    targets:\n      - address: ${healthy.address}\n      - address: 127.0.0.1:${refused}\n`);
  });
  afterAll(async () => {
    await healthy.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('in a pipe: the flow grid, then stacked findings, nothing over 80 columns, no colour', async () => {
    const run = await spawnUh(args());
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(ANSI);
    expect(longest(run.stdout)).toBeLessThanOrEqual(80);
    const out = lines(run.stdout);
    expect(out).toContain('users  degraded');
    expect(out.find((l) => l.includes(`127.0.0.1:${refused}`) && l.includes('refused'))).toMatch(/FAIL refused/);
    expect(run.stdout).toMatch(/^1 {2}CRIT {2}tcp-refused/m);
    expect(run.stdout).not.toContain('┌');
  });

  it('--width 160 in a pipe gives the table; --width 10 is a usage error naming the range', async () => {
    const wide = await spawnUh([...args(), '--width', '160']);
    expect(wide.stdout).toContain('│ #  │ cause');
    const bad = await spawnUh([...args(), '--width', '10']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('uh: --width takes a whole number from 40 to 1000, got "10"\n');
  });

  it.skipIf(!hasScript)('in a terminal of 80 columns: colour, ✓ ✗ marks, one grid line per target, stacked findings', async () => {
    const out = await inTerminal(80, args());
    expect(out).toContain(`${String.fromCharCode(27)}[31m`); // red: colour is on
    expect(longest(out)).toBeLessThanOrEqual(80);
    expect(lines(out).find((l) => l.startsWith(`  127.0.0.1:${refused}`))).toMatch(/✗ refused/);
    expect(lines(out).find((l) => l.startsWith(`  ${healthy.address}`))).toMatch(/✓/);
    expect(out).not.toContain('┌');
  });

  it.skipIf(!hasScript)('in a terminal of 160 columns: the findings table', async () => {
    const out = await inTerminal(160, args());
    expect(out).toContain('│ #  │ cause');
    expect(longest(out)).toBeLessThanOrEqual(160);
  });

  it.skipIf(!hasScript)('in a terminal that reports 0 columns: the 80-column layout, not a collapsed one', async () => {
    const out = await inTerminal(0, args());
    expect(longest(out)).toBeLessThanOrEqual(80);
    expect(lines(out).join('\n')).toMatch(/^1 {2}CRIT {2}tcp-refused/m);
  });
});
