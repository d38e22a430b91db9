import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import { runUh } from '../cli/helpers.js';

describe('uh diagnose / uh lint in a GitHub workflow: annotations and exit codes, end to end', () => {
  let dir: string;
  let out: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'uh-gh-e2e-'));
    out = [];
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Run the CLI in-process; collects stdout into `out`, returns the exit code it set. */
  async function uh(...args: string[]): Promise<number> {
    const result = await runUh(args);
    out.push(result.stdout);
    return result.code;
  }

  async function writeConfig(): Promise<string> {
    const port = await refusedPort();
    const path = join(dir, 'uh.yaml');
    writeFileSync(path, ['upstreams:', '  users:', '    targets:', `      - address: 127.0.0.1:${port}`, ''].join('\n'));
    writeFileSync(join(dir, 'hosts'), '127.0.0.1 localhost\n');
    return path;
  }

  it('uh lint --format github: warnings annotate the group line, exit 0; --fail-on warning exits 1', async () => {
    const config = await writeConfig();
    expect(await uh('lint', config, '--format', 'github')).toBe(0);
    const lines = out.join('').trimEnd().split('\n');
    const annotations = lines.filter((l) => l.startsWith('::'));
    expect(annotations.length).toBeGreaterThan(0);
    expect(annotations.every((l) => l.startsWith('::warning ') || l.startsWith('::notice '))).toBe(true);
    const single = annotations.find((l) => l.includes('title=uh config-single-member'));
    expect(single).toMatch(new RegExp(`^::warning file=${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:/g, '%3A')},line=2,`));
    expect(lines.at(-1)).toMatch(/: healthy \(\d+ findings?\)$/);
    out.length = 0;
    expect(await uh('lint', config, '--format', 'github', '--fail-on', 'warning')).toBe(1);
  });

  it('uh diagnose --format github: a refused member is an ::error on its target line, exit 1', async () => {
    const config = await writeConfig();
    const code = await uh('diagnose', config, '--format', 'github', '--hosts-file', join(dir, 'hosts'), '--samples', '1', '--timeout', '5s');
    const text = out.join('');
    expect(text).toMatch(/^::error file=[^,]+,line=4,col=\d+,title=uh tcp-refused%3A Connection refused::users → 127\.0\.0\.1:\d+: /m);
    expect(text).toMatch(/: no-healthy-upstream \(\d+ findings?\)\n$/);
    expect(code).toBe(1);
  });
});
