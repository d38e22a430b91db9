/**
 * A hostile or generated-wrong config meets a bound, never the stack or heap: every reader stops
 * at the limits in src/config/limits.ts with a located ConfigError (exit 2), and the YAML readers
 * resolve aliases in linear time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { MAX_DIRECTIVE_WORDS, MAX_NESTING_DEPTH, MAX_YAML_TOKENS } from '../../src/config/limits.js';
import { ConfigError } from '../../src/errors.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'uh-limits-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function loadError(path: string): ConfigError {
  try {
    loadConfig(path);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`${path} loaded without an error`);
}

const DEEP = 5000;
const ENVOY_CLUSTER = `static_resources:
  clusters:
  - name: users
    type: STATIC
    load_assignment:
      cluster_name: users
      endpoints:
      - lb_endpoints:
        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: 8080 } } }
`;

describe(`nesting ${DEEP} levels deep is a located error in every format, not a stack overflow`, () => {
  it('nginx: the block that goes one level too deep is named', () => {
    const path = write('deep.conf', `events {}\nhttp {\n${'location / {\n'.repeat(DEEP)}${'}\n'.repeat(DEEP + 1)}`);
    const err = loadError(path);
    expect(err.code).toBe('UH_CONFIG_PARSE');
    // http is level 1 (line 2); the 256th location is level 257, on line 2 + 256.
    expect(err.message).toBe(`${path}:${2 + MAX_NESTING_DEPTH}:12: nesting deeper than ${MAX_NESTING_DEPTH} levels`);
  });

  it('nginx: blocks of included files count towards the depth of the block that includes them', () => {
    const half = MAX_NESTING_DEPTH / 2 + 10;
    write('inner.conf', `${'location / {\n'.repeat(half)}${'}\n'.repeat(half)}`);
    const path = write('outer.conf', `events {}\nhttp {\n${'location / {\n'.repeat(half)}include inner.conf;\n${'}\n'.repeat(half + 1)}`);
    const err = loadError(path);
    expect(err.code).toBe('UH_CONFIG_PARSE');
    expect(err.message).toMatch(/inner\.conf:\d+:1: nesting deeper than 256 levels \(counting the blocks of included files\)$/);
  });

  it('Envoy YAML, flow style', () => {
    const path = write('deep-flow.yaml', `${ENVOY_CLUSTER}    metadata: ${'{a: '.repeat(DEEP)}1${'}'.repeat(DEEP)}\n`);
    const err = loadError(path);
    expect(err.code).toBe('UH_CONFIG_PARSE');
    expect(err.message).toMatch(new RegExp(`^${path}:10:\\d+: nesting deeper than 256 levels$`));
  });

  it('Envoy YAML, block style (compact nested lists)', () => {
    const path = write('deep-block.yaml', `${ENVOY_CLUSTER}    metadata:\n      x:\n      ${'- '.repeat(DEEP)}1\n`);
    const err = loadError(path);
    expect(err.message).toMatch(new RegExp(`^${path}:12:\\d+: nesting deeper than 256 levels$`));
  });

  it('Envoy JSON', () => {
    const path = write('deep.json', `{"static_resources": {"clusters": [{"name": "a", "metadata": ${'['.repeat(DEEP)}${']'.repeat(DEEP)}}]}}`);
    const err = loadError(path);
    expect(err.message).toMatch(new RegExp(`^${path}:1:\\d+: nesting deeper than 256 levels$`));
  });

  it('uh YAML', () => {
    const path = write('deep-uh.yaml', `upstreams:\n  api:\n    targets: ${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`);
    const err = loadError(path);
    expect(err.message).toMatch(new RegExp(`^${path}:3:\\d+: nesting deeper than 256 levels$`));
  });

  it('a file nested up to the limit still reads', () => {
    const levels = MAX_NESTING_DEPTH - 2;
    const nginx = write('deep-ok.conf', `events {}\nhttp {\n  upstream api { server 127.0.0.1:8080; }\n${'location / {\n'.repeat(levels)}proxy_pass http://api;\n${'}\n'.repeat(levels + 1)}`);
    expect(loadConfig(nginx).groups.map((g) => g.name)).toEqual(['api']);
    const envoy = write('deep-ok.yaml', `${ENVOY_CLUSTER}    metadata: ${'{a: '.repeat(levels - 6)}1${'}'.repeat(levels - 6)}\n`);
    expect(loadConfig(envoy).groups.map((g) => g.name)).toEqual(['users']);
  });
});

describe('size bounds: a directive, a document, the files an nginx config includes', () => {
  it(`nginx: more than ${MAX_DIRECTIVE_WORDS} words in one directive (a missing ";") is named at the word that crossed it`, () => {
    const names = Array.from({ length: MAX_DIRECTIVE_WORDS + 5 }, (_, i) => `h${i}.example`).join(' ');
    const path = write('words.conf', `events {}\nhttp {\n  server {\n    server_name ${names}\n  }\n}\n`);
    const err = loadError(path);
    expect(err.code).toBe('UH_CONFIG_PARSE');
    expect(err.message).toMatch(new RegExp(`^${path}:4:\\d+: more than 10,000 words in the "server_name" directive \\(it starts at line 4; a ";" missing\\?\\)$`));
  });

  it('nginx: one file included over and over adds up to the text budget, stopped at the include line', () => {
    write('big.conf', `# ${'x'.repeat(6 * 1024 * 1024)}\n`);
    const path = write('includes-big.conf', `events {}\nhttp {\n${'  include big.conf;\n'.repeat(20)}}\n`);
    const err = loadError(path);
    expect(err.code).toBe('UH_CONFIG_PARSE');
    // 64 MB of text: ten 6 MB includes fit, the eleventh (line 13) does not.
    expect(err.message).toBe(`${path}:13:3: the config and its includes add up to more than 64 MB of text: more than uh reads`);
  });

  it(`YAML: more than ${MAX_YAML_TOKENS.toLocaleString('en-US')} tokens is refused where the count is crossed`, () => {
    const path = write('many.yaml', `upstreams:\n  api:\n    targets:\n${'      - address: 127.0.0.1:9001\n'.repeat(100_000)}`);
    const err = loadError(path);
    expect(err.code).toBe('UH_CONFIG_PARSE');
    expect(err.message).toMatch(new RegExp(`^${path}:\\d+:\\d+: more than 500,000 YAML tokens: more than uh reads in one document \\(split the config into smaller files\\)$`));
  });
});

describe('many aliases resolve in linear time (yaml resolves each alias by walking the document)', () => {
  const ALIASES = 30_000;

  it('uh YAML: one target anchored and repeated by alias', () => {
    const path = write('aliases-uh.yaml', `upstreams:\n  api:\n    targets:\n      - &t { address: 127.0.0.1:9001 }\n${'      - *t\n'.repeat(ALIASES)}`);
    expect(loadConfig(path).groups[0]!.targets).toHaveLength(ALIASES + 1);
  });

  it('Envoy YAML: a value anchored once and repeated by alias', () => {
    const path = write('aliases-envoy.yaml', `${ENVOY_CLUSTER}    metadata:\n      filter_metadata:\n        tags: [&t blue${', *t'.repeat(ALIASES)}]\n`);
    expect(loadConfig(path).groups.map((g) => g.name)).toEqual(['users']);
  });
});
