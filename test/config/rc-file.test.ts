import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRcFile, parseRcText, resolveRcFile } from '../../src/config/rc-file.js';
import { ConfigError } from '../../src/errors.js';

function thrown(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('.uhrc', () => {
  it('reads ignore: as cause ids, deduplicated; an empty file ignores nothing', () => {
    expect(parseRcText('ignore: [config-single-member, tcp-refused, tcp-refused]\n', '/x/.uhrc'))
      .toEqual({ path: '/x/.uhrc', ignore: ['config-single-member', 'tcp-refused'] });
    expect(parseRcText('', '/x/.uhrc').ignore).toEqual([]);
  });

  it('an unknown key is UH_CONFIG_UNKNOWN_KEY at file:line:column, with a did-you-mean', () => {
    const err = thrown(() => parseRcText('ignore: []\nignroe: [tcp-refused]\n', '/x/.uhrc'));
    expect(err.code).toBe('UH_CONFIG_UNKNOWN_KEY');
    expect(err.message).toMatch(/^\/x\/\.uhrc:2:1: unknown key `ignroe` at the top level; did you mean `ignore`\?/);
  });

  it('an unknown cause id is UH_CONFIG_INVALID at its line, with a did-you-mean from the catalog', () => {
    const err = thrown(() => parseRcText('ignore:\n  - tcp-refused\n  - dns-nxdomian\n', '/x/.uhrc'));
    expect(err.code).toBe('UH_CONFIG_INVALID');
    expect(err.message).toMatch(/^\/x\/\.uhrc:3:5: ignore\[1\]: .*"dns-nxdomian".*did you mean `dns-nxdomain`\?/);
  });

  it('YAML syntax errors are located', () => {
    const err = thrown(() => parseRcText('ignore: [tcp-refused\n', '/x/.uhrc'));
    expect(err.code).toBe('UH_CONFIG_PARSE');
    expect(err.message).toMatch(/^\/x\/\.uhrc:\d+:\d+: YAML syntax: /);
  });

  it('looks beside the config first, then in the working directory; --rc overrides, --no-rc disables', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'uh-rc-'));
    const configDir = path.join(root, 'gateway');
    mkdirSync(configDir);
    const config = path.join(configDir, 'nginx.conf');
    writeFileSync(config, 'events {}\n');
    expect(findRcFile(config, root)).toBeUndefined();

    writeFileSync(path.join(root, '.uhrc'), 'ignore: [tcp-refused]\n');
    expect(findRcFile(config, root)).toBe(path.join(root, '.uhrc'));
    writeFileSync(path.join(configDir, '.uhrc'), 'ignore: [dns-nxdomain]\n');
    expect(findRcFile(config, root)).toBe(path.join(configDir, '.uhrc'));
    expect(resolveRcFile(config, undefined, root)?.ignore).toEqual(['dns-nxdomain']);

    writeFileSync(path.join(root, 'policy.yaml'), 'ignore: [tls-cert-expiring]\n');
    expect(resolveRcFile(config, 'policy.yaml', root)?.ignore).toEqual(['tls-cert-expiring']);
    expect(resolveRcFile(config, false, root)).toBeUndefined();
    expect(thrown(() => resolveRcFile(config, 'missing.yaml', root)).code).toBe('UH_CONFIG_UNREADABLE');
  });
});
