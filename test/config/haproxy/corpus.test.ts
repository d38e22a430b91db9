/**
 * The HAProxy reader against the shared corpus of real haproxy.cfg files and their hand-written
 * expectations (expected/haproxy): every primary file matches on the keys it states; every other
 * HAProxy file in the corpus (companions, other/haproxy) parses or fails with a location.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/config/detect-format.js';
import { parseHaproxy } from '../../../src/config/haproxy/index.js';
import type { ParseOptions } from '../../../src/config/types.js';
import { ConfigError } from '../../../src/errors.js';
import type { ExpectedHaproxyFile } from './corpus-mapping.js';
import { compareHaproxy } from './corpus-mapping.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const corpus = resolve(repoRoot, '../shared/corpus');
const expectedRoot = join(corpus, 'expected/haproxy');
const noFiles: ParseOptions = { readFile: () => { throw new Error('the HAProxy reader reads no other file'); }, glob: () => [] };

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

const corpusPresent = existsSync(expectedRoot);
if (!corpusPresent) console.warn(`HAProxy corpus tests skipped: ${corpus} is absent`);

(corpusPresent ? describe : describe.skip)('HAProxy corpus: hand-written expectations', () => {
  const files = corpusPresent ? listFiles(expectedRoot).filter((f) => f.endsWith('.json')) : [];
  it('has expectations to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
  });
  for (const file of files) {
    const expected = JSON.parse(readFileSync(file, 'utf8')) as ExpectedHaproxyFile;
    it(`${expected.file} is detected as HAProxy and reads to its expectation`, () => {
      const text = readFileSync(join(corpus, expected.file), 'utf8');
      expect(detectFormat(text, expected.file)).toBe('haproxy');
      expect(compareHaproxy(parseHaproxy(text, expected.file, noFiles), expected)).toEqual([]);
    });
  }
});

(corpusPresent ? describe : describe.skip)('HAProxy corpus: every other HAProxy file parses or fails with a location', () => {
  const covered = corpusPresent
    ? new Set(listFiles(expectedRoot).map((f) => relative(join(corpus, 'expected'), f).replace(/\.json$/, '')))
    : new Set<string>();
  const others = corpusPresent
    ? [...listFiles(join(corpus, 'haproxy')), ...listFiles(join(corpus, 'other/haproxy'))]
      .map((f) => relative(corpus, f))
      .filter((f) => !covered.has(f) && !f.endsWith('.md'))
    : [];
  it('has other files to read', () => {
    expect(others.length).toBeGreaterThanOrEqual(6);
  });
  for (const file of others) {
    it(file, () => {
      const text = readFileSync(join(corpus, file), 'utf8');
      expect(detectFormat(text, file)).toBe('haproxy');
      try {
        const cfg = parseHaproxy(text, file, noFiles);
        expect(cfg.source.format).toBe('haproxy');
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).loc?.line).toBeGreaterThan(0);
      }
    });
  }
});
