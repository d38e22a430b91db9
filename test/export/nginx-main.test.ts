/**
 * `uh export --to nginx` writes a complete nginx.conf that the real `nginx -t -c FILE` accepts as
 * written, and `--snippet` the http {} part that a main file's `include` accepts. The first case is
 * the uh YAML a user writes with the fewest keys; nginx runs unprivileged-style: its prefix, error
 * log and pid in a temp folder given on the command line, never by editing the exported file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { runUh } from '../cli/helpers.js';
import { loadRich, writeNginxMain } from './export-helpers.js';
import { toNginxMain } from '../../src/export/to-nginx.js';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'].find((p) => spawnSync(p, ['-v']).status === 0);
const NO_NGINX = NGINX === undefined ? ' (skipped: no nginx binary installed; CI installs nginx-light)' : '';

const MINIMAL = 'upstreams:\n  app:\n    targets:\n      - address: 127.0.0.1:8080\n';

/** `nginx -t -c file` with the prefix, error log and pid in `dir` (nothing written into `file`). */
function nginxTest(file: string, dir: string): { status: number | null; stderr: string } {
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const run = spawnSync(NGINX!, ['-t', '-q', '-p', `${dir}/`, '-e', 'stderr', '-g', `pid ${join(dir, 'nginx.pid')};`, '-c', file], {
    encoding: 'utf8', timeout: 20_000,
  });
  return { status: run.status, stderr: run.stderr };
}

describe('uh export --to nginx: a complete nginx.conf, or --snippet for conf.d/', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'uh-export-main-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes events {} and http {} around the upstream and a server, and reads back to the same group', async () => {
    writeFileSync(join(dir, 'uh.yaml'), MINIMAL);
    const result = await runUh(['export', '--to', 'nginx', join(dir, 'uh.yaml'), '-o', join(dir, 'nginx.conf')]);
    expect(result.code).toBe(0);
    const text = readFileSync(join(dir, 'nginx.conf'), 'utf8');
    expect(text).toMatch(/^events \{\}$/m);
    expect(text).toMatch(/^http \{\n/m);
    expect(text).toMatch(/^ {4}upstream app \{\n( {8}.*\n)* {8}server 127\.0\.0\.1:8080;$/m);
    expect(text).toMatch(/^ {4}server \{\n {8}listen 8080;\n\n {8}location \/ \{\n {12}proxy_pass http:\/\/app;$/m);
    expect(text.trimEnd().endsWith('}')).toBe(true);
    expect(loadConfig(join(dir, 'nginx.conf')).groups.map((g) => [g.name, g.targets.map((t) => t.address)])).toEqual([['app', ['127.0.0.1:8080']]]);
  });

  it.skipIf(NGINX === undefined)(`nginx -t -c accepts the complete nginx.conf unchanged${NO_NGINX}`, async () => {
    writeFileSync(join(dir, 'uh.yaml'), MINIMAL);
    const file = join(dir, 'nginx.conf');
    expect((await runUh(['export', '--to', 'nginx', join(dir, 'uh.yaml'), '-o', file])).code).toBe(0);
    expect(nginxTest(file, join(dir, 'prefix'))).toEqual({ status: 0, stderr: '' });
  });

  it.skipIf(NGINX === undefined)(`nginx -t accepts the rich fixture as a complete nginx.conf too${NO_NGINX}`, () => {
    const file = join(dir, 'rich-nginx.conf');
    writeFileSync(file, toNginxMain(loadRich(dir), { plus: false }));
    expect(nginxTest(file, join(dir, 'prefix'))).toEqual({ status: 0, stderr: '' });
  });

  it.skipIf(NGINX === undefined)(`--snippet is the http {} part: nginx -t accepts it included by a main file${NO_NGINX}`, async () => {
    writeFileSync(join(dir, 'uh.yaml'), MINIMAL);
    const result = await runUh(['export', '--to', 'nginx', '--snippet', join(dir, 'uh.yaml')]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/^(events|http) \{/m);
    expect(result.stdout).toMatch(/^upstream app \{$/m);
    const main = writeNginxMain(join(dir, 'snippet'), result.stdout);
    const run = spawnSync(NGINX!, ['-t', '-q', '-e', 'stderr', '-c', main, '-p', `${join(dir, 'snippet')}/`], { encoding: 'utf8', timeout: 20_000 });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('--snippet with --to envoy is a usage error (exit 2)', async () => {
    writeFileSync(join(dir, 'uh.yaml'), MINIMAL);
    const result = await runUh(['export', '--to', 'envoy', '--snippet', join(dir, 'uh.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--snippet applies to --to nginx only');
  });
});
