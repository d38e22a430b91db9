/**
 * Hostile variants of real configs, for the fuzz property test (test/config/fuzz.test.ts) and
 * bench/fuzz.ts: seeds are the repo's config fixtures and the shared corpus (nginx, Envoy), and a
 * case is a seed with one to three mutations — deletions, duplications, truncation, random
 * characters, unbalanced braces and quotes, NUL, BOM, CRLF, very long lines, deep nesting. Every
 * case must end in a model or a UH_CONFIG_* error, never another exception.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { detectFormat } from '../../src/config/detect-format.js';
import { PARSERS } from '../../src/config/index.js';
import type { ParseOptions } from '../../src/config/types.js';
import { ConfigError, isUhError } from '../../src/errors.js';
import { ABSENT, CORPUS } from './corpus.js';

export interface Seed {
  readonly name: string;
  readonly text: string;
}

const FIXTURES = fileURLToPath(new URL('../fixtures/config/', import.meta.url));
/** Larger seeds make slow cases without finding more: real configs of this size are plenty. */
const MAX_SEED_CHARS = 100_000;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (!/\.(txt|md|tsv)$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** The seeds, and why the corpus is not among them when it is absent. */
export function loadSeeds(): { seeds: Seed[]; note?: string } {
  const paths = filesUnder(FIXTURES);
  if (!ABSENT) for (const format of ['nginx', 'envoy']) if (existsSync(join(CORPUS, format))) paths.push(...filesUnder(join(CORPUS, format)));
  const seeds = paths
    .filter((path) => statSync(path).size <= MAX_SEED_CHARS)
    .map((path) => ({ name: path.replace(FIXTURES, 'fixtures/').replace(CORPUS, 'corpus'), text: readFileSync(path, 'latin1') }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return ABSENT ? { seeds, note: `no corpus at ${CORPUS}: fuzzing the repo fixtures only` } : { seeds };
}

export type Mutation =
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly times: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'bom' }
  | { readonly kind: 'crlf' }
  | { readonly kind: 'long-line'; readonly at: number; readonly char: string; readonly length: number }
  | { readonly kind: 'nest'; readonly at: number; readonly open: string; readonly close: string; readonly depth: number };

/** A position as a fraction of the text, so one mutation applies to any seed. */
const at = fc.double({ min: 0, max: 1, noNaN: true });
const unbalanced = fc.constantFrom('{', '}', '[', ']', '"', "'", '{{', '}}', '(', '`', '#', ';', ':', '- ', '&a ', '*a ', '<<: ');
const nesting = fc.constantFrom(
  { open: '{', close: '}' }, { open: '[', close: ']' }, { open: '{a: ', close: '}' }, { open: '- ', close: '' },
  { open: 'location / {\n', close: '}\n' }, { open: 'a:\n', close: '' }, { open: '{"a":', close: '}' },
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at, length: fc.integer({ min: 1, max: 400 }), times: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at }),
  fc.record({ kind: fc.constant('insert' as const), at, text: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at, text: fc.array(unbalanced, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')) }),
  fc.record({ kind: fc.constant('insert' as const), at, text: fc.constantFrom('\0', '\0\0\0', '\uFEFF', '\r', '\t', '\u2028', '\uFFFD') }),
  fc.record({ kind: fc.constant('bom' as const) }),
  fc.record({ kind: fc.constant('crlf' as const) }),
  fc.record({ kind: fc.constant('long-line' as const), at, char: fc.constantFrom('a', ' ', '"', '{', '\\', '1'), length: fc.integer({ min: 1_000, max: 50_000 }) }),
  fc.record({ kind: fc.constant('nest' as const), at, depth: fc.integer({ min: 50, max: 3_000 }), close: fc.boolean() })
    .chain((m) => nesting.map((n) => ({ kind: m.kind, at: m.at, depth: m.depth, open: n.open, close: m.close ? n.close : '' }))),
);

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

export function applyMutations(text: string, list: readonly Mutation[]): string {
  return list.reduce(applyOne, text);
}

function applyOne(text: string, m: Mutation): string {
  const i = 'at' in m ? Math.floor(m.at * text.length) : 0;
  switch (m.kind) {
    case 'delete': return text.slice(0, i) + text.slice(i + m.length);
    case 'duplicate': return text.slice(0, i) + text.slice(i, i + m.length).repeat(m.times + 1) + text.slice(i + m.length);
    case 'truncate': return text.slice(0, i);
    case 'insert': return text.slice(0, i) + m.text + text.slice(i);
    case 'bom': return `\uFEFF${text}`;
    case 'crlf': return text.replace(/\r?\n/g, '\r\n');
    case 'long-line': return `${text.slice(0, i)}${m.char.repeat(m.length)}\n${text.slice(i)}`;
    case 'nest': return text.slice(0, i) + m.open.repeat(m.depth) + m.close.repeat(m.depth) + text.slice(i);
  }
}

/** Includes and referenced files are never read while fuzzing: each is a ConfigError, as a missing file is. */
const NO_FILES: ParseOptions = {
  readFile: (path) => {
    throw new ConfigError('UH_CONFIG_UNREADABLE', `cannot read ${path}: no such file`);
  },
  glob: () => [],
};

/** How a case ended: `model`, or the UH_CONFIG_* code. Anything else is thrown (the property fails). */
export type Outcome = 'model' | `UH_CONFIG_${string}`;

/** Detect and parse `text` as loadConfig does after reading the file. */
export function parseOutcome(text: string, path: string): Outcome {
  try {
    PARSERS[detectFormat(text, path)](text, path, NO_FILES);
    return 'model';
  } catch (err) {
    if (isUhError(err) && err.code.startsWith('UH_CONFIG_')) return err.code as Outcome;
    throw err;
  }
}
