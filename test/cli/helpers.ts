/**
 * Running the CLI in tests: `runUh` calls main() in-process with stdout/stderr captured (fast, for
 * most cases); `spawnUh` runs the real bin/uh.js (for what only a real process shows: exit code,
 * no stack trace). `ensureBuilt` compiles dist/ once when it is missing or older than src/.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runUh(args: readonly string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const previous = process.exitCode;
  process.exitCode = undefined;
  try {
    await main(['node', 'uh', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = previous;
  }
}

/** The real binary, with a bound: a hang fails the test instead of blocking the suite. */
export function spawnUh(args: readonly string[], timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin/uh.js'), ...args], { cwd: ROOT, timeout: timeoutMs, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Build dist/ (tsc emits even when another engineer's file has type errors) if it is missing or
 * stale, and the esbuild bundle bin/uh.js runs when one exists (a stale bundle would test old code).
 */
export function ensureBuilt(): void {
  const built = mtimeOf(join(ROOT, 'dist/cli/main.js'));
  if (built < newestMtime(join(ROOT, 'src'))) {
    spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore', timeout: 300_000 });
  }
  const bundle = join(ROOT, 'dist/cli-bundle/main.js');
  if (mtimeOf(bundle) > 0 && mtimeOf(bundle) < mtimeOf(join(ROOT, 'dist/cli/main.js'))) {
    spawnSync('npm', ['run', '--silent', 'bundle'], { cwd: ROOT, stdio: 'ignore', timeout: 300_000 });
  }
}
