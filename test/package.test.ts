/**
 * What `npm pack` ships installs and runs: the tarball has the bin, the built code with types,
 * the runbooks and the schema, and its bin runs from an unpacked copy (dependencies linked from
 * this checkout, so no registry is contacted).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../src/causes/catalog.js';
import { ROOT, ensureBuilt } from './cli/helpers.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the npm package', () => {
  let dir: string;
  let unpacked: string;
  let files: string[];

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'uh-pack-'));
    // --ignore-scripts: dist/ is built above; `prepare` would only build it again.
    const out = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    const [info] = JSON.parse(out.slice(out.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    files = info!.files.map((f) => f.path);
    execFileSync('tar', ['xzf', path.join(dir, info!.filename), '-C', dir], { timeout: 60_000 });
    unpacked = path.join(dir, 'package');
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(unpacked, 'node_modules'), 'dir');
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ships the bin, the built code with types, every runbook and the schema — and no tests or sources', () => {
    expect(files).toEqual(expect.arrayContaining(['bin/uh.js', 'dist/cli/main.js', 'dist/index.js', 'dist/index.d.ts', 'schema/uh.schema.json', 'README.md']));
    for (const id of CAUSE_IDS) expect(files).toContain(`runbooks/${id}.md`);
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('src/'))).toBe(false);
    const pkg = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ bin: { uh: 'bin/uh.js' }, engines: { node: '>=20.18' }, types: './dist/index.d.ts' });
  });

  it('its bin runs from the unpacked package: version, a runbook, the schema', () => {
    const uh = (...args: string[]): string => execFileSync(process.execPath, [path.join(unpacked, 'bin/uh.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(uh('--version').trim()).toBe(version);
    expect(uh('explain', 'tcp-refused')).toMatch(/ss -ltnp|nc -vz/);
    expect(JSON.parse(uh('schema'))).toHaveProperty('$schema');
    expect(existsSync(path.join(unpacked, 'dist/index.d.ts'))).toBe(true);
  });
});
