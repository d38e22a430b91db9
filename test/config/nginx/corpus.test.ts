/**
 * The nginx reader meets real repositories (../shared/corpus): every Primary nginx file with a
 * hand-checked expectation is read the way `uh diagnose` reads it — `loadConfig` on the file where
 * the repository keeps it: format detection, includes from the real file system, no stub files for
 * the stock includes a checkout lacks, no path rewrites — and must give its expected members.
 * Only a file that is itself broken (its expectation lists `errors`) may stop, at its located error.
 * Every other corpus file (included fragments) reads as nginx or fails with a location, never a crash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import type { GatewayConfig } from '../../../src/model/index.js';
import { ABSENT, CORPUS, WHY, corpusFiles, entryPoints, expectationOf } from '../../helpers/corpus.js';
import type { ExpectedFile } from './corpus-mapping.js';
import { compareConfig } from './corpus-mapping.js';

const primaries = entryPoints().filter((rel) => rel.startsWith('nginx/'));
const checked = primaries.flatMap((rel) => {
  const expected = expectationOf<ExpectedFile>(rel);
  return expected ? [{ rel, expected }] : [];
});

function load(rel: string): GatewayConfig | ConfigError {
  try {
    return loadConfig(join(CORPUS, rel));
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
}

describe.skipIf(ABSENT)(`nginx corpus: every Primary file with an expectation reads to its expected members${WHY}`, () => {
  it('has expectations to check', () => {
    expect(checked.length).toBeGreaterThan(30);
  });

  for (const { rel, expected } of checked) {
    it(rel, () => {
      const result = load(rel);
      const broken = (expected.errors ?? []).length > 0;
      if (result instanceof ConfigError) {
        // Only a file that is itself broken may stop, and only at the error its expectation names.
        expect(broken, `${rel} stopped: ${result.message}`).toBe(true);
        const accepted = expected.errors!.flatMap((e) => [
          { line: e.line, message: e.message },
          ...(e.alsoAcceptable ? [e.alsoAcceptable] : []),
        ]);
        expect(accepted).toContainEqual({ line: result.loc?.line, message: result.detail });
        return;
      }
      expect(result.source.format).toBe('nginx');
      expect(compareConfig(result, knowable(expected, result))).toEqual([]);
    });
  }
});

/**
 * Two conventions of the expectations, applied to every file alike (never per file):
 * - `tls: null` ("cannot be decided from this file") is met by `false` for an upstream that nothing
 *   in the files read references: expected/README.md's own rule, "unreferenced nginx upstreams are false";
 * - a `resolvedViaMap`/`resolvedViaSet` value needs the `map`/`set` that gives it: when no file
 *   read defines the variable (the expectation assumes a sibling conf.d file is loaded too), the
 *   target must still be listed, unresolved.
 */
function knowable(expected: ExpectedFile, config: GatewayConfig): ExpectedFile {
  const referenced = new Set(config.routes.map((r) => r.upstream));
  const text = config.source.files.map((f) => readFileSync(f, 'utf8')).join('\n');
  const defined = (value: string): boolean => {
    const variable = /^\$(\w+)/.exec(value)?.[1];
    return variable !== undefined && new RegExp(`(\\bmap\\s+\\S+\\s+\\$${variable}\\b|\\bset\\s+\\$${variable}\\b)`).test(text);
  };
  return {
    ...expected,
    groups: expected.groups.map((g) => (g['tls'] === null && !referenced.has(String(g['name'])) ? { ...g, tls: false } : g)),
    ...(expected.unresolvedTargets ? {
      unresolvedTargets: expected.unresolvedTargets.map((u) => (defined(u.value) ? u : { directive: u.directive, value: u.value })),
    } : {}),
  };
}

describe.skipIf(ABSENT)(`nginx corpus: every other file reads as nginx or fails with a location${WHY}`, () => {
  const withExpectation = new Set(checked.map((c) => c.rel));
  for (const rel of corpusFiles('nginx').filter((f) => !withExpectation.has(f))) {
    it(rel, () => {
      try {
        const config = loadConfig(join(CORPUS, rel), { format: 'nginx' });
        expect(config.source.files[0]).toBe(join(CORPUS, rel));
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).loc?.line).toBeGreaterThan(0);
      }
    });
  }
});
