/**
 * Every HAProxy rejection has a golden fixture: test/fixtures/config/haproxy/invalid-*.cfg must
 * fail with exactly the `file:line:column: message` in its `.expected-error.txt` — and, where
 * Debian's haproxy is installed, `haproxy -c` must refuse the same file (uh is not stricter).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseHaproxy } from '../../../src/config/haproxy/index.js';
import { ConfigError } from '../../../src/errors.js';
import { hasHaproxy, haproxyCheck, unlessHaproxy } from '../../helpers/haproxy-check.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/config/haproxy');
const cases = readdirSync(fixtures).filter((f) => /^invalid-.*\.cfg$/.test(f)).sort();
const noFiles = { readFile: (): string => '', glob: (): string[] => [] };

describe('haproxy.cfg files that must be rejected, with the exact message', () => {
  it('has golden fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });
  for (const name of cases) {
    it(name, () => {
      const expected = readFileSync(join(fixtures, name.replace(/\.cfg$/, '.expected-error.txt')), 'utf8').trim();
      let error: unknown;
      try {
        parseHaproxy(readFileSync(join(fixtures, name), 'utf8'), name, noFiles);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe(expected);
      expect((error as ConfigError).loc?.line).toBeGreaterThan(0);
    });
    it.skipIf(!hasHaproxy)(`${name}: haproxy -c refuses it too${unlessHaproxy}`, () => {
      expect(haproxyCheck(join(fixtures, name)).accepted).toBe(false);
    });
  }
});
