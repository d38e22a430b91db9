/**
 * The Envoy reader meets real repositories (../shared/corpus): every Primary Envoy file with a
 * hand-checked expectation is read the way `uh diagnose` reads it (`loadConfig`: format detection,
 * referenced files from disk) and must give its expected groups. Only a file that is itself broken
 * (its expectation lists `errors`) may stop, at the line named there, and legacy Envoy v1 stops as
 * unsupported; a broken file that a tolerant reading gets through must then give the groups the
 * expectation lists for such a reader. Every other Envoy file reads or fails with a location.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import type { GatewayConfig } from '../../../src/model/index.js';
import { ABSENT, CORPUS, WHY, corpusFiles, entryPoints, expectationOf } from '../../helpers/corpus.js';
import { align, comparableGroup } from './corpus-mapping.js';

interface ExpectedFile {
  readonly file: string;
  readonly groups: Record<string, unknown>[];
  readonly errors?: { line: number; kind: string }[];
  readonly formatVersion?: string;
}

const checked = entryPoints().filter((rel) => rel.startsWith('envoy/')).flatMap((rel) => {
  const expected = expectationOf<ExpectedFile>(rel);
  return expected ? [{ rel, expected }] : [];
});

function load(rel: string, format?: 'envoy'): GatewayConfig | ConfigError {
  try {
    return loadConfig(join(CORPUS, rel), format ? { format } : {});
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
}

describe.skipIf(ABSENT)(`Envoy corpus: every Primary file with an expectation reads to its expected groups${WHY}`, () => {
  it('has expectations to check', () => {
    expect(checked.length).toBeGreaterThan(30);
  });

  for (const { rel, expected } of checked) {
    it(rel, () => {
      const result = load(rel);
      if (expected.formatVersion?.startsWith('v1')) {
        expect(result).toBeInstanceOf(ConfigError);
        expect((result as ConfigError).code).toBe('UH_CONFIG_UNSUPPORTED');
        expect((result as ConfigError).detail).toMatch(/^Envoy v1 .* is not supported: uh reads Envoy v3/);
        return;
      }
      if (result instanceof ConfigError) {
        expect(expected.errors?.length ?? 0, `${rel} stopped: ${result.message}`).toBeGreaterThan(0);
        expect(result.loc?.file).toBe(join(CORPUS, rel));
        expect(result.loc?.line).toBe(expected.errors![0]!.line);
        if (expected.errors![0]!.kind === 'yaml') expect(result.code).toBe('UH_CONFIG_PARSE');
        return;
      }
      expect(result.source.format).toBe('envoy');
      expect(align(expected.formatVersion ?? null, result.source.formatVersion ?? null)).toEqual(expected.formatVersion ?? null);
      expect(result.groups.map((g) => g.name)).toEqual(expected.groups.map((g) => g['name']));
      expected.groups.forEach((group, i) => {
        const pair = comparableGroup(group, result.groups[i]!);
        expect(pair.actual, `group ${String(group['name'])}`).toEqual(pair.expected);
      });
    });
  }
});

describe.skipIf(ABSENT)(`Envoy corpus: every other file reads or fails with a located error${WHY}`, () => {
  const withExpectation = new Set(checked.map((c) => c.rel));
  for (const rel of corpusFiles('envoy').filter((f) => !withExpectation.has(f))) {
    it(rel, () => {
      const result = load(rel, 'envoy');
      if (result instanceof ConfigError) expect(result.loc?.line).toBeGreaterThan(0);
      else expect(result.source.format).toBe('envoy');
    });
  }
});
