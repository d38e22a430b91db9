import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { UH_FIXTURES, parseFixture } from './helpers.js';

const invalid = readdirSync(UH_FIXTURES).filter((f) => f.startsWith('invalid-') && f.endsWith('.yaml')).sort();

describe('every uh YAML rejection has a golden fixture with its exact message', () => {
  it('has a fixture for each rule (and an expected message for each fixture)', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(30);
    for (const file of invalid) expect(readdirSync(UH_FIXTURES)).toContain(file.replace(/\.yaml$/, '.expected-error.txt'));
  });

  it.each(invalid)('%s is rejected with its golden message at file:line:column', (file) => {
    const expected = readFileSync(`${UH_FIXTURES}${file.replace(/\.yaml$/, '.expected-error.txt')}`, 'utf8').trimEnd();
    let caught: unknown;
    try {
      parseFixture(file);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.message).toBe(expected);
    expect(error.message).toMatch(new RegExp(`^${file.replace('.', '\\.')}:\\d+:\\d+: `));
    expect(error.code).toMatch(/^UH_CONFIG_(PARSE|UNKNOWN_KEY|INVALID)$/);
  });

  it('names an unknown key with UH_CONFIG_UNKNOWN_KEY, never a generic code', () => {
    expect(() => parseFixture('invalid-unknown-key.yaml')).toThrow(expect.objectContaining({ code: 'UH_CONFIG_UNKNOWN_KEY', loc: { file: 'invalid-unknown-key.yaml', line: 8, column: 9 } }));
  });

  it('reports YAML syntax errors as UH_CONFIG_PARSE', () => {
    expect(() => parseFixture('invalid-syntax.yaml')).toThrow(expect.objectContaining({ code: 'UH_CONFIG_PARSE' }));
  });
});
