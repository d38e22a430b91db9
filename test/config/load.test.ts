import { chmodSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, MAX_CONFIG_BYTES } from '../../src/config/load.js';
import { ConfigError, UhError } from '../../src/errors.js';

const BAD = fileURLToPath(new URL('../fixtures/config/bad/', import.meta.url));
const UH = fileURLToPath(new URL('../fixtures/config/uh/', import.meta.url));

/** The error loadConfig throws for `path`, asserting it is one clear ConfigError. */
function configError(path: string, options: Parameters<typeof loadConfig>[1] = {}): ConfigError {
  try {
    loadConfig(path, options);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`${path} loaded without an error`);
}

describe('loadConfig reads a good file through the parser its content calls for', () => {
  it('detects uh YAML by content and parses it', () => {
    const config = loadConfig(`${UH}full.yaml`);
    expect(config.source.format).toBe('uh');
    expect(config.groups.map((g) => g.name)).toEqual(['users']);
  });

  it('--config-format overrides detection', () => {
    const err = configError(`${BAD}nginx-default`, { format: 'uh' });
    expect(err.code).toMatch(/^UH_CONFIG_/);
    expect(err.message).toMatch(/nginx-default:\d+:\d+: /);
  });
});

describe('bad input gets one clear error, never a stack trace or a hang', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'uh-load-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing file says so', () => {
    const err = configError(join(dir, 'nope.yaml'));
    expect([err.code, err.message]).toEqual(['UH_CONFIG_UNREADABLE', `cannot read ${join(dir, 'nope.yaml')}: no such file`]);
  });

  it('a directory says to name the file inside it', () => {
    expect(configError(dir).message).toBe(`cannot read ${dir}: it is a directory; name the config file inside it`);
  });

  it('a file the user may not read says permission denied', (ctx) => {
    if (process.getuid?.() === 0) ctx.skip(); // root reads mode-000 files: the case cannot happen here
    const path = join(dir, 'secret.yaml');
    writeFileSync(path, 'upstreams: {}\n');
    chmodSync(path, 0);
    expect(configError(path).message).toBe(`cannot read ${path}: permission denied`);
  });

  it('an empty or whitespace-only file is an error, not an empty config', () => {
    expect(configError(`${BAD}empty.conf`).message).toBe(`${BAD}empty.conf is empty: there is no config to read`);
    expect(configError(`${BAD}whitespace-only.yaml`).message).toMatch(/is empty: there is no config to read$/);
  });

  it('a binary file is refused at the NUL byte, with its line and column', () => {
    const err = configError(`${BAD}nul-byte.yaml`);
    expect(err.message).toBe(`${BAD}nul-byte.yaml:4:1: looks binary (a NUL byte at offset 54), not a config file`);
  });

  it('text that is not UTF-8 is refused where the first bad byte is', () => {
    const err = configError(`${BAD}latin1.yaml`);
    expect(err.message).toBe(`${BAD}latin1.yaml:2:6: not valid UTF-8 text (save the file as UTF-8)`);
  });

  it('Latin-1 bytes inside comments are read past (nginx accepts them); the same bytes in a value are still refused', () => {
    const config = loadConfig(fileURLToPath(new URL('../fixtures/config/nginx/latin1-comments.conf', import.meta.url)));
    expect(config.source.format).toBe('nginx');
    expect(config.groups.map((g) => g.targets.map((t) => t.address))).toEqual([['127.0.0.1:8080']]);
    const path = join(dir, 'latin1-value.conf');
    writeFileSync(path, Buffer.concat([Buffer.from('# caf\xe9 is fine here\nupstream caf', 'latin1'), Buffer.from([0xe9]), Buffer.from(' { server 10.0.0.1; }\n')]));
    expect(configError(path).message).toBe(`${path}:2:13: not valid UTF-8 text (save the file as UTF-8)`);
  });

  it('a file over 16 MB is refused before it is read', () => {
    const path = join(dir, 'huge.yaml');
    writeFileSync(path, '');
    truncateSync(path, MAX_CONFIG_BYTES + 1);
    expect(configError(path).message).toBe(`cannot read ${path}: it is 16.0 MB; uh reads configs up to 16 MB`);
  });

  it('a truncated uh file is a syntax error at the end, and a truncated Envoy JSON a parse error', () => {
    expect(configError(`${BAD}truncated.yaml`).message).toMatch(/^.*truncated\.yaml:5:\d+: YAML syntax: /);
    const json = configError(`${BAD}truncated.json`);
    expect(json.message).toMatch(/truncated\.json:\d+:\d+: /);
  });

  it('broken indentation is a syntax error with file:line:column', () => {
    const err = configError(`${BAD}syntax-broken.yaml`);
    expect(err.code).toBe('UH_CONFIG_PARSE');
    expect(err.message).toMatch(/syntax-broken\.yaml:5:\d+: YAML syntax: /);
  });

  it('text in no known format says so and suggests --config-format', () => {
    expect(configError(`${BAD}prose.txt`).message).toMatch(/cannot tell the format of .*prose\.txt.*pass --config-format nginx\|envoy\|uh\|haproxy$/);
  });

  it('a 10 MB config (a small config under megabytes of comments) parses within seconds', () => {
    const path = join(dir, 'big.yaml');
    const comment = `# ${'x'.repeat(98)}\n`;
    writeFileSync(path, `upstreams:\n  users:\n    targets: [{address: 127.0.0.1:9001}]\n${comment.repeat((10 * 1024 * 1024) / comment.length)}`);
    const started = performance.now();
    expect(loadConfig(path).groups.map((g) => g.name)).toEqual(['users']);
    expect(performance.now() - started).toBeLessThan(60_000);
  }, 120_000);

  it('a 10 MB file in no known format errors at once (detection reads a bounded prefix)', () => {
    const path = join(dir, 'big.txt');
    writeFileSync(path, 'just words and more words\n'.repeat((10 * 1024 * 1024) / 26));
    const started = performance.now();
    expect(configError(path).message).toMatch(/cannot tell the format/);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('a parser bug (a non-uh error) becomes one sentence naming the file, not a stack trace', async () => {
    const { PARSERS } = await import('../../src/config/index.js');
    const original = PARSERS.uh;
    (PARSERS as Record<string, unknown>).uh = () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    };
    try {
      let caught: unknown;
      try {
        loadConfig(`${UH}minimal.yaml`);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(UhError);
      expect((caught as UhError).code).toBe('UH_INTERNAL');
      expect((caught as UhError).message).toMatch(/^the uh parser failed on .*minimal\.yaml: Cannot read properties of undefined \(reading 'x'\) \(a bug in uh/);
    } finally {
      (PARSERS as Record<string, unknown>).uh = original;
    }
  });
});
