/**
 * Every rejection has a golden fixture: test/fixtures/config/nginx/invalid-*.conf is parsed the way
 * `uh diagnose` would read it, and the error must be a ConfigError whose message — file:line:column
 * and text — is exactly the one in the matching `.expected-error.txt`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseNginx } from '../../../src/config/nginx/index.js';
import { ConfigError } from '../../../src/errors.js';
import { fsOptions } from './fs-options.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/config/nginx');
const cases = readdirSync(fixtures).filter((f) => /^invalid-.*\.conf$/.test(f)).sort();

describe('nginx configs that must be rejected, with the exact message', () => {
  it('has golden fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });
  for (const name of cases) {
    it(name, () => {
      const expected = readFileSync(join(fixtures, name.replace(/\.conf$/, '.expected-error.txt')), 'utf8').trim();
      let error: unknown;
      try {
        parseNginx(readFileSync(join(fixtures, name), 'utf8'), name, fsOptions(fixtures));
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe(expected);
      expect((error as ConfigError).loc?.line).toBeGreaterThan(0);
    });
  }
});
