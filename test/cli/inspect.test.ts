import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { sortKeys } from '../../src/report/inspect-json.js';
import { ROOT, ensureBuilt, runUh, spawnUh } from './helpers.js';

const UH = 'test/fixtures/config/uh/';
const BAD = 'test/fixtures/config/bad/';
const at = (path: string): string => join(ROOT, path);

describe('uh inspect shows what uh read, with file:line for every fact', () => {
  it('prints every group with targets, checks, TLS, timeouts and the routes to it', async () => {
    const { code, stdout, stderr } = await runUh(['inspect', at(`${UH}full.yaml`)]);
    expect([code, stderr]).toEqual([0, '']);
    const file = at(`${UH}full.yaml`);
    expect(stdout).toContain(`${file} (uh): 1 upstream group, 1 route`);
    expect(stdout).toContain(`upstream users (uh) ${file}:9`);
    expect(stdout).toMatch(new RegExp(`users-1\\.internal:8080 +weight 1 · resolve ${file}:11`));
    expect(stdout).toMatch(/\[::1\]:8081 +weight 1 \(default\) · backup /);
    expect(stdout).toContain('active    http GET /health, every 5s, timeout 1s, rise 2 / fall 3, expect 200, 300-399, body contains "ok"');
    expect(stdout).toContain('passive   eject after 5 failures in 10s for 30s (≤ 50% of the group; statuses 502, 503, 504)');
    expect(stdout).toContain('tls       sni users.internal · verify on · trust ');
    expect(stdout).toContain('timeouts  connect 1s · request 30s');
    expect(stdout).toContain(`GET api.example.com /users* → users via route on 127.0.0.1:8080 ${file}:55`);
    expect(stdout).not.toContain('\u001b['); // not a TTY: no colour
  });

  it('lists routes to undefined groups and groups without an active check', async () => {
    const { stdout } = await runUh(['inspect', at(`${UH}grpc-and-mcp.yaml`)]);
    expect(stdout).toContain('active    none (no active health check)');
    expect(stdout).toMatch(/routes to undefined groups\n {2}\/billing\* → billing via route .*grpc-and-mcp\.yaml:26/);
    expect(stdout).toContain('active    grpc health orders.v1.Orders');
  });

  it('shows the notes a parser left, each with its position', async () => {
    const { code, stdout } = await runUh(['inspect', at(`${UH}warnings.yaml`)]);
    expect(code).toBe(0);
    expect(stdout).toContain('active    tcp connect, every 5s, timeout 1s, rise 2 / fall 3 [uh]');
    expect(stdout).toMatch(/notes\n {2}warning upstreams\.cache\.hash_on: ignored unless balance is hash \(it is p2c\) .*warnings\.yaml:6\n/);
    expect(stdout).toMatch(/ {2}warning upstreams\.cache\.health\.active\.expect_status: ignored by tcp checks \(used by http\) .*warnings\.yaml:8\n/);
  });

  it('colours only when asked (the CLI asks on a TTY without NO_COLOR / --no-color)', async () => {
    const { inspectText } = await import('../../src/report/inspect-text.js');
    const config = loadConfig(at(`${UH}grpc-and-mcp.yaml`));
    expect(inspectText(config, { color: true })).toContain('\u001b[1m');
    expect(inspectText(config, { color: false })).not.toContain('\u001b[');
  });

  it('--format json is the model with sorted keys, byte-stable', async () => {
    const { code, stdout } = await runUh(['inspect', '--format', 'json', at(`${UH}anchors.yaml`)]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${JSON.stringify(sortKeys(loadConfig(at(`${UH}anchors.yaml`))), null, 2)}\n`);
    const parsed = JSON.parse(stdout) as { groups: Record<string, unknown>[] };
    const keys = Object.keys(parsed.groups[0]!);
    expect(keys).toEqual([...keys].sort());
    expect((await runUh(['inspect', '--format', 'json', at(`${UH}anchors.yaml`)])).stdout).toBe(stdout);
  });

  it('--group narrows to one group and the routes to it; an unknown group is a usage error', async () => {
    const { stdout } = await runUh(['inspect', '--format', 'json', '--group', 'billing', at(`${UH}anchors.yaml`)]);
    const config = JSON.parse(stdout) as { groups: { name: string }[]; routes: { upstream: string }[] };
    expect(config.groups.map((g) => g.name)).toEqual(['billing']);
    expect(config.routes.map((r) => r.upstream)).toEqual(['billing']);
    const bad = await runUh(['inspect', '--group', 'bililng', at(`${UH}anchors.yaml`)]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^uh: --group bililng: no such upstream group in .*anchors\.yaml; did you mean `billing`\? \(groups: users, billing\)\n$/);
  });

  it('--config-format forces a parser', async () => {
    const { code, stderr } = await runUh(['inspect', '--config-format', 'uh', at(`${BAD}nginx-default`)]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^uh: .*nginx-default:\d+:\d+: /);
  });
});

describe('uh inspect on bad input: one clear line, exit 2, no stack trace', () => {
  it.each([
    ['a missing file', 'test/fixtures/config/nope.yaml', /cannot read .*nope\.yaml: no such file/],
    ['a directory', 'test/fixtures/config', /cannot read .*config: it is a directory/],
    ['an empty file', `${BAD}empty.conf`, /empty\.conf is empty/],
    ['a binary file', `${BAD}nul-byte.yaml`, /nul-byte\.yaml:4:1: looks binary/],
    ['a truncated file', `${BAD}truncated.yaml`, /truncated\.yaml:5:\d+: YAML syntax: /],
    ['broken syntax', `${BAD}syntax-broken.yaml`, /syntax-broken\.yaml:5:\d+: YAML syntax: /],
    ['text in no format', `${BAD}prose.txt`, /cannot tell the format .*--config-format/],
    ['an unknown key', `${UH}invalid-unknown-key.yaml`, /invalid-unknown-key\.yaml:8:9: unknown key `intervall`.*did you mean `interval`\?/],
  ])('%s', async (_what, path, message) => {
    const { code, stdout, stderr } = await runUh(['inspect', at(path)]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the real binary', () => {
  beforeAll(ensureBuilt, 300_000);

  it('exits 2 with one line on stderr and no stack trace for a broken config', async () => {
    const { code, stdout, stderr } = await spawnUh(['inspect', `${UH}invalid-unknown-key.yaml`]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`uh: ${UH}${readFileSync(at(`${UH}invalid-unknown-key.expected-error.txt`), 'utf8')}`);
  });

  it('uh schema prints the committed schema', async () => {
    const { code, stdout } = await spawnUh(['schema']);
    expect(code).toBe(0);
    expect(stdout).toBe(readFileSync(at('schema/uh.schema.json'), 'utf8'));
  });
});

/**
 * `uh --help` must stay fast: the command files may only reach probes, the proxy and undici
 * through `await import()`. Follow static runtime imports from main.ts and fail on any of them.
 */
describe('uh --help loads neither probes nor the proxy', () => {
  /** A runtime `import … from '…'` / `export … from '…'` / `import '…'`; `import type` is erased by tsc. */
  const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\bfrom\s+)?['"]([^'"]+)['"]/gm;
  const FORBIDDEN = [/^src\/probes\//, /^src\/proxy\//, /^src\/diagnosis\/run/, /^undici$/, /^node-forge$/, /^dns-packet$/];

  function staticImports(file: string): string[] {
    const text = readFileSync(at(file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const specs: string[] = [];
    for (const m of text.matchAll(IMPORT)) specs.push(m[1]!);
    return specs;
  }

  function reachable(entry: string): Set<string> {
    const seen = new Set<string>();
    const queue = [entry];
    while (queue.length > 0 && seen.size < 5000) {
      const file = queue.shift()!;
      if (seen.has(file)) continue;
      seen.add(file);
      if (!file.startsWith('src/')) continue;
      for (const spec of staticImports(file)) {
        if (!spec.startsWith('.')) {
          seen.add(spec.startsWith('node:') ? spec : spec.split('/')[0]!);
          continue;
        }
        queue.push(join(file, '..', spec).replace(/\.js$/, '.ts'));
      }
    }
    return seen;
  }

  it('finds the command files it checks (the scan is not vacuous)', () => {
    const seen = reachable('src/cli/main.ts');
    const commands = readdirSync(at('src/cli/commands')).filter((f) => f.endsWith('.ts')).map((f) => `src/cli/commands/${f}`);
    for (const command of commands.filter((c) => readFileSync(at('src/cli/commands/index.ts'), 'utf8').includes(`./${c.split('/').pop()!.replace('.ts', '.js')}`))) {
      expect(seen).toContain(command);
    }
    expect(seen).toContain('commander');
  });

  it('reaches no probe, proxy, diagnosis runner, undici, node-forge or dns-packet through static imports', () => {
    const offenders = [...reachable('src/cli/main.ts')].filter((file) => FORBIDDEN.some((re) => re.test(file)));
    expect(offenders).toEqual([]);
  });

  it('the scanner does catch a static import of a probe', () => {
    expect(staticImports('src/cli/commands/inspect.ts').some((s) => s.includes('probes'))).toBe(false);
    const fake = "import { probeTcp } from '../../probes/tcp.js';\nimport type { X } from '../../proxy/x.js';\n";
    const specs = [...fake.matchAll(IMPORT)].map((m) => m[1]);
    expect(specs).toEqual(['../../probes/tcp.js']);
  });
});
