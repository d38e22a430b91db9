/**
 * What a shell user does to uh, against the real built CLI: pipe it into `head` or a reader that
 * stops reading, point `--output` at the wrong place, mistype a flag. uh ends quietly with the
 * right exit code and one `uh: ` line, never Node's stack.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuilt, spawnUh } from './helpers.js';

const UH = `"${process.execPath}" "${join(ROOT, 'bin/uh.js')}"`;
const FULL = join(ROOT, 'test/fixtures/config/uh/full.yaml');

let dir: string;
let big: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'uh-pipes-'));
  // A config whose inspect/convert/lint output is far larger than a pipe's buffer.
  const blocks = Array.from({ length: 400 }, (_, i) =>
    `  upstream u${i} { server 10.0.${i >> 8}.${i & 255}:8080; server 10.1.${i >> 8}.${i & 255}:8080 backup; }\n` +
    `  server { listen ${10000 + i}; location / { proxy_pass http://u${i}; } }\n`);
  big = join(dir, 'nginx.conf');
  writeFileSync(big, `events {}\nhttp {\n${blocks.join('')}}\n`);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `uh args | reader` under bash with pipefail, so the status is uh's own. */
function piped(args: string, reader: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', `set -o pipefail; ${UH} ${args} | ${reader} >/dev/null`], { cwd: ROOT, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr });
    });
  });
}

describe('a reader that closes the pipe ends uh quietly, exit 0', () => {
  for (const args of ['inspect', 'inspect --format json', 'convert', 'lint', 'lint --format json']) {
    it(`uh ${args} big.conf | head -c 64`, async () => {
      const result = await piped(`${args} "${big}"`, 'head -c 64');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    });
  }

  // `true` reads nothing and exits at once: uh's first write meets a closed pipe, whatever its size.
  for (const args of [`inspect "${FULL}"`, `convert "${FULL}"`, `lint "${FULL}"`, `diagnose --offline --format json "${FULL}"`, 'explain tcp-refused', 'explain --list', 'schema', 'completion bash', 'demo']) {
    it(`uh ${args.replace(/"[^"]*"/g, 'config')} | true`, async () => {
      const result = await piped(args, 'true');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    }, 60_000);
  }

  it('when the pipe stays open, every byte arrives (output flushed before exit)', async () => {
    const file = join(dir, 'inspect.json');
    const sizes = await new Promise<string>((resolve) => {
      const script = `set -o pipefail; ${UH} inspect --format json "${big}" > "${file}" && ${UH} inspect --format json "${big}" | wc -c && wc -c < "${file}"`;
      execFile('bash', ['-c', script], { cwd: ROOT, timeout: 60_000 }, (_e, stdout) => resolve(stdout.trim()));
    });
    const [piped, written] = sizes.split('\n').map(Number);
    expect(piped).toBe(written);
    expect(written).toBeGreaterThan(1 << 16); // more than a pipe's buffer: the reader had to drain it
  }, 60_000);
});

describe('--output to a place that cannot be written is a usage error naming the path (exit 2)', () => {
  it('into a folder that does not exist', async () => {
    const target = join(dir, 'missing', 'report.json');
    const result = await spawnUh(['lint', FULL, '--format', 'json', '--output', target]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`uh: --output ${target}: the folder ${join(dir, 'missing')} does not exist\n`);
    expect(result.stdout).toBe('');
  });

  it('onto a directory', async () => {
    const result = await spawnUh(['lint', FULL, '--output', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`uh: --output ${dir}: it is a directory; name a file to write\n`);
  });

  it.skipIf(process.getuid?.() === 0)('onto a read-only file', async () => {
    const target = join(dir, 'read-only.json');
    writeFileSync(target, '');
    chmodSync(target, 0o444);
    const result = await spawnUh(['lint', FULL, '--output', target]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`uh: --output ${target}: permission denied\n`);
  });

  it('diagnose checks --output before it probes anything', async () => {
    const result = await spawnUh(['diagnose', FULL, '--output', join(dir, 'nope', 'x.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^uh: --output .*nope\/x\.json: the folder .* does not exist\n$/);
  });
});

describe('one prefix for every error the user reads', () => {
  it('commander\'s own errors say `uh:` (exit 2)', async () => {
    const unknown = await spawnUh(['lint', '--bogus', FULL]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^uh: unknown option '--bogus'\n/);
    // `diagnose` alone is uh's own usage error (an Envoy --admin may stand in for the config); `lint` needs one.
    const missing = await spawnUh(['lint']);
    expect(missing.stderr).toMatch(/^uh: missing required argument 'config'\n/);
    expect(`${unknown.stderr}${missing.stderr}`).not.toMatch(/^error:/m);
  });
});
