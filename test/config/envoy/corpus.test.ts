/**
 * The Envoy reader against the shared corpus of real, unmodified configs: every hand-written
 * expectation under expected/envoy must match, and every other Envoy file must either parse or
 * fail with a located ConfigError — never crash.
 *
 * How the expected files are honoured:
 * - `errors` listed: the file must fail with a ConfigError on that line (a strict reader; the
 *   expected groups show what a template-tolerant reader would extract, which uh does not try);
 * - `formatVersion: v1`: uh reports the legacy format as unsupported (the expected notes allow
 *   it: "a v3-only tool should report this as an unsupported/legacy format");
 * - otherwise the groups must match (see corpus-mapping.ts), and `formatVersion` too.
 */
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEnvoy } from '../../../src/config/envoy/index.js';
import { readConfigText } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import type { GatewayConfig } from '../../../src/model/index.js';
import { align, comparableGroup } from './corpus-mapping.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const present = existsSync(path.join(corpus, 'expected', 'envoy'));
if (!present) console.log(`skipping the Envoy corpus tests: ${corpus} is absent`);

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
}

/** Files the configs point at are read from disk, as `uh diagnose` would. */
const options = { readFile: readConfigText, glob: (): string[] => [] };

function parse(file: string): GatewayConfig {
  return parseEnvoy(readFileSync(path.join(corpus, file), 'utf8'), file, options);
}

function parseError(file: string): ConfigError {
  try {
    parse(file);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`${file} parsed, but a ConfigError was expected`);
}

interface ExpectedFile {
  readonly file: string;
  readonly groups: Record<string, unknown>[];
  readonly errors?: { line: number; kind: string }[];
  readonly formatVersion?: string;
}

const expectedFiles = present ? walk(path.join(corpus, 'expected', 'envoy')).filter((f) => f.endsWith('.json')) : [];
const expectations = expectedFiles.map((f) => JSON.parse(readFileSync(f, 'utf8')) as ExpectedFile);

describe.skipIf(!present)('Envoy corpus: hand-written expectations', () => {
  it('has expectations to check', () => {
    expect(expectations.length).toBeGreaterThan(30);
  });

  for (const want of expectations) {
    it(want.file, () => {
      if (want.errors && want.errors.length > 0) {
        const err = parseError(want.file);
        expect(err.loc?.file).toBe(want.file);
        expect(err.loc?.line).toBe(want.errors[0]!.line);
        if (want.errors[0]!.kind === 'yaml') expect(err.code).toBe('UH_CONFIG_PARSE');
        return;
      }
      if (want.formatVersion?.startsWith('v1')) {
        const err = parseError(want.file);
        expect(err.code).toBe('UH_CONFIG_UNSUPPORTED');
        expect(err.detail).toMatch(/^Envoy v1 .* is not supported: uh reads Envoy v3/);
        return;
      }
      const model = parse(want.file);
      expect(align(want.formatVersion ?? null, model.source.formatVersion ?? null)).toEqual(want.formatVersion ?? null);
      expect(model.groups.map((g) => g.name)).toEqual(want.groups.map((g) => g['name']));
      want.groups.forEach((group, i) => {
        const pair = comparableGroup(group, model.groups[i]!);
        expect(pair.actual, `group ${String(group['name'])}`).toEqual(pair.expected);
      });
    });
  }
});

describe.skipIf(!present)('Envoy corpus: every other file parses or fails with a located ConfigError', () => {
  const withExpectation = new Set(expectations.map((e) => e.file));
  const others = present
    ? walk(path.join(corpus, 'envoy'))
        .map((f) => path.relative(corpus, f))
        .filter((f) => !withExpectation.has(f))
    : [];

  it('has companion files to read', () => {
    expect(others.length).toBeGreaterThan(0);
  });

  for (const file of others) {
    it(file, () => {
      try {
        const model = parse(file);
        expect(model.source.format).toBe('envoy');
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).loc?.line).toBeGreaterThan(0);
      }
    });
  }
});
