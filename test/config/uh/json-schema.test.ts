import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { uhJsonSchema, uhJsonSchemaText } from '../../../src/config/uh/json-schema.js';
import { validate } from './json-schema-check.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = `${root}test/fixtures/config/uh/`;
const validFixtures = readdirSync(fixtures).filter((f) => f.endsWith('.yaml') && !f.startsWith('invalid-'));
const asJson = (file: string): unknown => parse(readFileSync(`${fixtures}${file}`, 'utf8'), { merge: true });

describe('schema/uh.schema.json, the schema editors load', () => {
  it('is exactly what `uh schema` generates from the key tables (regenerate with `uh schema > schema/uh.schema.json`)', () => {
    expect(readFileSync(`${root}schema/uh.schema.json`, 'utf8')).toBe(uhJsonSchemaText());
  });

  it('declares draft 2020-12 and describes every key', () => {
    const schema = uhJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const props = (node as { properties?: Record<string, { description?: string }> }).properties ?? {};
      for (const [key, sub] of Object.entries(props)) {
        if (!sub.description) undocumented.push(`${path}.${key}`);
        walk(sub, `${path}.${key}`);
      }
      for (const key of ['items', 'additionalProperties']) walk((node as Record<string, unknown>)[key], `${path}.${key}`);
    };
    walk(schema, '$');
    expect(undocumented).toEqual([]);
  });

  it.each(validFixtures)('accepts the valid fixture %s', (file) => {
    expect(validate(uhJsonSchema(), asJson(file))).toEqual([]);
  });

  it('rejects an unknown key at any depth, as the parser does', () => {
    const config = asJson('minimal.yaml') as { upstreams: { api: Record<string, unknown> } };
    expect(validate(uhJsonSchema(), { ...config, upstream: {} })).toEqual(['$.upstream: unknown key']);
    config.upstreams.api.helth = {};
    expect(validate(uhJsonSchema(), config)).toEqual(['$.upstreams.api.helth: unknown key']);
  });

  it.each([
    ['invalid-duration.yaml', 'interval: 5 seconds'],
    ['invalid-balance.yaml', 'balance: round-robin'],
    ['invalid-weight-negative.yaml', 'weight: -1'],
    ['invalid-max-ejected-percent.yaml', 'max_ejected_percent: 150'],
    ['invalid-address-no-port.yaml', 'address without a port'],
    ['invalid-missing-targets.yaml', 'no targets'],
    ['invalid-hash-on-two-keys.yaml', 'hash_on with two keys'],
  ])('rejects %s (%s)', (file) => {
    expect(validate(uhJsonSchema(), asJson(file))).not.toEqual([]);
  });
});
