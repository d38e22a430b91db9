/**
 * Hostile configs against the real built CLI: nesting 5,000 deep is exit 2 with a location in
 * every format, and a pathological YAML file just under the 16 MiB size limit is refused within a
 * bounded time and memory (generous bounds here, for a loaded CI machine; ARCHITECTURE §8 has the
 * measured figures). Peak memory is read by a python3 wrapper (getrusage of its child).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONFIG_BYTES } from '../../src/config/load.js';
import { ROOT, ensureBuilt, spawnUh } from './helpers.js';

const PYTHON = spawnSync('python3', ['-c', 'import resource'], { stdio: 'ignore' }).status === 0;
if (!PYTHON) console.warn('config-limits.test: python3 is not installed; peak memory is not measured');

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'uh-cli-limits-'));
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const DEEP = 5000;

describe(`nesting ${DEEP} deep: exit 2 with file:line:column, never "Maximum call stack" (exit 3)`, () => {
  const cases: Record<string, () => string> = {
    nginx: () => write('deep.conf', `events {}\nhttp {\n${'location / {\n'.repeat(DEEP)}${'}\n'.repeat(DEEP + 1)}`),
    'Envoy YAML': () => write('deep-envoy.yaml', `static_resources:\n  clusters:\n  - name: a\n    metadata: ${'{a: '.repeat(DEEP)}1${'}'.repeat(DEEP)}\n`),
    'uh YAML': () => write('deep-uh.yaml', `upstreams:\n  api:\n    targets:\n${'      - '.repeat(1)}${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`),
  };
  for (const [format, make] of Object.entries(cases)) {
    it(format, async () => {
      const path = make();
      const result = await spawnUh(['lint', path]);
      expect(result.stderr).toMatch(new RegExp(`^uh: ${path}:\\d+:\\d+: nesting deeper than 256 levels\\n$`));
      expect(result.code).toBe(2);
    });
  }
});

/** `uh lint path` with its wall time and (where python3 runs it) its peak RSS in MB. */
function measured(path: string): Promise<{ code: number; stderr: string; seconds: number; maxRssMb?: number }> {
  const uh = [process.execPath, join(ROOT, 'bin/uh.js'), 'lint', path];
  const script = 'import resource,subprocess,sys,json;p=subprocess.run(sys.argv[1:],capture_output=True,text=True);' +
    'print(json.dumps({"code":p.returncode,"stderr":p.stderr,"kb":resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))';
  const started = performance.now();
  return new Promise((resolve) => {
    if (PYTHON) {
      execFile('python3', ['-c', script, ...uh], { timeout: 120_000, maxBuffer: 1 << 20 }, (_e, stdout) => {
        const r = JSON.parse(stdout) as { code: number; stderr: string; kb: number };
        resolve({ code: r.code, stderr: r.stderr, seconds: (performance.now() - started) / 1000, maxRssMb: r.kb / 1024 });
      });
    } else {
      void spawnUh(['lint', path], 120_000).then((r) => resolve({ code: r.code, stderr: r.stderr, seconds: (performance.now() - started) / 1000 }));
    }
  });
}

describe('a pathological YAML file just under the 16 MiB limit is refused within bounds', () => {
  const size = MAX_CONFIG_BYTES - 1024;
  const fill = (head: string, unit: string, tail = ''): string => head + unit.repeat(Math.floor((size - head.length - tail.length) / unit.length)) + tail;
  const cases: Record<string, () => string> = {
    'deep flow nesting': () => fill('upstreams:\n  api:\n    targets: ', '['),
    'deep block nesting': () => fill('static_resources:\n  clusters:\n', '- '),
    'many aliases': () => fill('upstreams:\n  api:\n    targets:\n      - &t { address: 127.0.0.1:9001 }\n', '      - *t\n'),
    'many small nodes': () => fill('static_resources:\n  clusters: [', '1, ', '1]\n'),
  };
  for (const [name, make] of Object.entries(cases)) {
    it(name, async () => {
      const path = write(`${name.replaceAll(' ', '-')}.yaml`, make());
      const result = await measured(path);
      expect(result.stderr).toMatch(new RegExp(`^uh: ${path}:\\d+:\\d+: `));
      expect(result.code).toBe(2);
      // Measured on a 2-core VM: ≤ 3 s CPU and ≤ 350 MB. The bounds leave room for a loaded CI host.
      expect(result.seconds).toBeLessThan(60);
      if (result.maxRssMb !== undefined) expect(result.maxRssMb).toBeLessThan(700);
    }, 120_000);
  }
});
