/**
 * Cross-check with the real thing: nginx itself (`nginx -t`) must reject each golden fixture too,
 * at the same line, and where uh uses nginx's wording, with the same words. Skips with a reason
 * when no nginx binary is installed (CI installs nginx-light). The fixtures name only IP literals,
 * so `nginx -t` never queries DNS.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNginx } from '../../../src/config/nginx/index.js';
import { ConfigError } from '../../../src/errors.js';
import { fsOptions } from './fs-options.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/config/nginx');

/** Fixtures nginx rejects while reading the file (not the include cycle, which nginx never detects; not Lua). */
const CASES: readonly { file: string; sameWords: boolean }[] = [
  { file: 'invalid-missing-semicolon.conf', sameWords: true },
  { file: 'invalid-directive-not-terminated.conf', sameWords: true },
  { file: 'invalid-unbalanced-close.conf', sameWords: true },
  { file: 'invalid-unclosed-block.conf', sameWords: false },
  { file: 'invalid-eof-in-block.conf', sameWords: false },
  { file: 'invalid-eof-in-directive.conf', sameWords: true },
  { file: 'invalid-stray-semicolon.conf', sameWords: true },
  { file: 'invalid-text-after-quote.conf', sameWords: true },
  { file: 'invalid-upstream-without-block.conf', sameWords: true },
  { file: 'invalid-duplicate-upstream.conf', sameWords: true },
  { file: 'invalid-weight-zero.conf', sameWords: false },
  { file: 'invalid-pass-two-targets.conf', sameWords: true },
  { file: 'invalid-include-no-argument.conf', sameWords: true },
  { file: 'invalid-url-prefix.conf', sameWords: false },
  { file: 'invalid-proxy-pass-without-scheme.conf', sameWords: false },
  { file: 'invalid-server-parameter-typo.conf', sameWords: false },
  { file: 'invalid-server-flag-typo.conf', sameWords: false },
  { file: 'invalid-max-fails.conf', sameWords: false },
  { file: 'invalid-duplicate-location.conf', sameWords: true },
  { file: 'invalid-template-statement.conf', sameWords: false },
];

function findNginx(): string | undefined {
  const fromEnv = process.env['NGINX_BIN'];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  return ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find((p) => existsSync(p));
}

const nginx = findNginx();
if (!nginx) console.warn('nginx cross-check skipped: no nginx binary on PATH (set NGINX_BIN or install nginx-light)');

(nginx ? describe : describe.skip)('nginx -t rejects the same fixtures at the same line', () => {
  const prefix = mkdtempSync(join(tmpdir(), 'uh-nginx-t-'));
  mkdirSync(join(prefix, 'logs'));
  afterAll(() => rmSync(prefix, { recursive: true, force: true }));

  for (const { file, sameWords } of CASES) {
    it(file, () => {
      const path = join(fixtures, file);
      let ours: ConfigError | undefined;
      try {
        parseNginx(readFileSync(path, 'utf8'), path, fsOptions(fixtures));
      } catch (err) {
        ours = err as ConfigError;
      }
      expect(ours).toBeInstanceOf(ConfigError);
      let stderr = '';
      let ok = true;
      try {
        execFileSync(nginx!, ['-t', '-q', '-p', `${prefix}/`, '-e', 'stderr', '-c', path, '-g', `pid ${prefix}/nginx.pid;`], {
          timeout: 20_000,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch (err) {
        ok = false;
        stderr = String((err as { stderr?: Buffer }).stderr ?? '');
      }
      expect(ok).toBe(false);
      const m = /\[emerg\] (?:\d+#\d+: )?(.*) in (\S+):(\d+)/.exec(stderr);
      expect(m, stderr).not.toBeNull();
      expect(Number(m![3])).toBe(ours!.loc!.line);
      if (sameWords) expect(m![1]).toBe(ours!.detail);
    });
  }
});

(nginx ? describe : describe.skip)('nginx -t and uh on a missing include: nginx refuses to start, uh reads on and locates it', () => {
  const prefix = mkdtempSync(join(tmpdir(), 'uh-nginx-t-'));
  mkdirSync(join(prefix, 'logs'));
  afterAll(() => rmSync(prefix, { recursive: true, force: true }));

  it('missing-include.conf: the same line in both, and the glob that matches nothing is no error in either', () => {
    const path = join(fixtures, 'missing-include.conf');
    const ours = parseNginx(readFileSync(path, 'utf8'), path, fsOptions(fixtures));
    expect(ours.missingIncludes?.map((m) => [m.pattern, m.loc.line])).toEqual([['missing/upstreams.conf', 2]]);
    const run = spawnSync(nginx!, ['-t', '-q', '-p', `${prefix}/`, '-e', 'stderr', '-c', path, '-g', `pid ${prefix}/nginx.pid;`], {
      timeout: 20_000, encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(new RegExp(`open\\(\\) ".*missing/upstreams.conf" failed .* in ${path}:2`));
  });
});

(nginx ? describe : describe.skip)('nginx -t accepts what uh reads past', () => {
  const prefix = mkdtempSync(join(tmpdir(), 'uh-nginx-t-'));
  mkdirSync(join(prefix, 'logs'));
  afterAll(() => rmSync(prefix, { recursive: true, force: true }));

  it('latin1-comments.conf: Latin-1 bytes in comments are no error to nginx either', () => {
    const run = spawnSync(nginx!, ['-t', '-q', '-p', `${prefix}/`, '-e', 'stderr', '-c', join(fixtures, 'latin1-comments.conf'), '-g', `pid ${prefix}/nginx.pid;`], {
      timeout: 20_000, encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
