/**
 * `include` expansion, as ngx_conf_include() does it, made tolerant for configs read outside their
 * gateway host (a repository checkout, a CI runner):
 * - a relative path is tried next to the including file and then under the nginx prefix
 *   (`ParseOptions.nginxPrefix`, else the main file's directory, nginx's conf prefix); last, its
 *   file name beside the including file (a checkout that keeps `conf.d/` flat), with a note;
 * - an absolute path under a conventional prefix (`/etc/nginx/`, …) is first looked up under that
 *   same prefix taken as the main file's folder (or `--nginx-prefix`), so a checkout's
 *   `etc/nginx/nginx.conf` reads its own `conf.d/`, not whatever this machine has in /etc/nginx;
 *   then as written. Using the mapping leaves a note that names it;
 * - a glob that matches nothing is fine (nginx's `include x[.]conf` idiom for optional files);
 * - a missing plain file is recorded (`MissingInclude`, the `config-include-missing` finding) and
 *   the rest of the file is read: `uh diagnose --validate` runs the real `nginx -t` for the strict verdict.
 * Cycles and nesting deeper than MAX_INCLUDE_DEPTH stop with a clear error instead of recursing forever.
 */
import { basename, dirname, isAbsolute, join } from 'node:path';
import { ConfigError } from '../../errors.js';
import type { ConfigNote, MissingInclude } from '../../model/index.js';
import type { ParseOptions } from '../types.js';
import { includePrefixMapping } from './include-prefix.js';
import { isStockInclude } from './stock-files.js';
import type { Directive } from './parse.js';
import { parseDirectives } from './parse.js';
import { MAX_NESTING_DEPTH, nestingTooDeep } from '../limits.js';
import { ReadBudget } from './read-budget.js';

export const MAX_INCLUDE_DEPTH = 32;

export interface ExpandedConfig {
  readonly directives: readonly Directive[];
  /** Every file read, the main file first, in reading order, each once. */
  readonly files: string[];
  /** Plain includes that named no file here, in reading order. */
  readonly missing: MissingInclude[];
  /** What the reading did that the user should know (a prefix mapping used). */
  readonly notes: ConfigNote[];
}

/** Parse `text` (the content of `path`) and splice every `include` in place, recursively. */
export function parseWithIncludes(text: string, path: string, options: ParseOptions): ExpandedConfig {
  const state: ExpandedConfig = { directives: [], files: [path], missing: [], notes: [] };
  const read: Reading = { options, state, budget: new ReadBudget() };
  read.budget.text(text.length, { file: path, line: 1, column: 1 });
  const directives = expand(parseDirectives(text, path, read.budget), [path], read, 0);
  return { ...state, directives };
}

/** What every step of one expansion shares. */
interface Reading {
  readonly options: ParseOptions;
  /** Every file read so far (each once), the missing includes and the notes. */
  readonly state: ExpandedConfig;
  readonly budget: ReadBudget;
}

/** The directives with includes spliced in; the same array when the subtree holds no include. */
function expand(directives: readonly Directive[], chain: readonly string[], read: Reading, depth: number): readonly Directive[] {
  let out: Directive[] | undefined;
  directives.forEach((d, i) => {
    let replacement: readonly Directive[] | undefined;
    if (d.name === 'include' && !d.block && d.lua === undefined) {
      replacement = includeOne(d, chain, read, depth);
    } else if (d.block) {
      // Each file nests at most MAX_NESTING_DEPTH deep, but an include inside a block adds its own depth.
      if (depth >= MAX_NESTING_DEPTH) throw new ConfigError('UH_CONFIG_PARSE', `${nestingTooDeep()} (counting the blocks of included files)`, d.loc);
      const inner = expand(d.block, chain, read, depth + 1);
      if (inner !== d.block) replacement = [{ ...d, block: inner }];
    }
    if (replacement) {
      out ??= directives.slice(0, i);
      append(out, replacement);
    } else {
      out?.push(d);
    }
  });
  return out ?? directives;
}

function includeOne(d: Directive, chain: readonly string[], read: Reading, depth: number): Directive[] {
  const { options, state, budget } = read;
  if (d.args.length !== 1) {
    throw new ConfigError('UH_CONFIG_PARSE', 'invalid number of arguments in "include" directive', d.loc);
  }
  const out: Directive[] = [];
  for (const { file, text: known } of resolveInclude(d, chain, options, state)) {
    if (chain.includes(file)) {
      const cycle = [...chain.slice(chain.indexOf(file)), file].join(' -> ');
      throw new ConfigError('UH_CONFIG_INVALID', `include cycle: ${cycle}`, d.loc);
    }
    if (chain.length >= MAX_INCLUDE_DEPTH) {
      throw new ConfigError('UH_CONFIG_INVALID', `includes nested deeper than ${MAX_INCLUDE_DEPTH} levels at "${file}"`, d.loc);
    }
    const text = known ?? readIncluded(file, d, options);
    budget.text(text.length, d.loc);
    if (!state.files.includes(file)) state.files.push(file);
    append(out, expand(parseDirectives(text, file, budget), [...chain, file], read, depth));
  }
  return out;
}

/** `out.push(...items)` without spreading: a spread of a few hundred thousand arguments overflows the stack. */
function append<T>(out: T[], items: readonly T[]): void {
  for (const item of items) out.push(item);
}

interface Candidate {
  readonly path: string;
  /** The note to leave when this candidate is the one read (a prefix mapping). */
  readonly note?: string;
}

/** Where nginx would look, in order; an absolute path under a conventional prefix is mapped first. */
function candidates(pattern: string, chain: readonly string[], options: ParseOptions): Candidate[] {
  if (isAbsolute(pattern)) {
    const mapped = includePrefixMapping(pattern, chain[0]!, options.nginxPrefix);
    return mapped ? [{ path: mapped.path, note: mapped.note }, { path: pattern }] : [{ path: pattern }];
  }
  const here = dirname(chain[chain.length - 1]!);
  const list: Candidate[] = [{ path: join(here, pattern) }];
  const viaPrefix = join(options.nginxPrefix ?? dirname(chain[0]!), pattern);
  if (!list.some((c) => c.path === viaPrefix)) list.push({ path: viaPrefix });
  // A checkout that keeps conf.d/ flat: `include conf.d/x.conf;` in a conf.d file means its own
  // sibling. Plain files only: a glob that matches nothing is the optional-include idiom.
  const sibling = join(here, basename(pattern));
  if (pattern.includes('/') && !isGlob(pattern) && !list.some((c) => c.path === sibling)) {
    list.push({ path: sibling, note: `include ${pattern} is read from ${sibling}, beside the including file (no ${pattern} under the prefix here)` });
  }
  return list;
}

interface IncludedFile {
  readonly file: string;
  /** Already read while probing the candidates. */
  readonly text?: string;
}

function resolveInclude(d: Directive, chain: readonly string[], options: ParseOptions, state: ExpandedConfig): readonly IncludedFile[] {
  const pattern = d.args[0]!;
  const tries = candidates(pattern, chain, options);
  if (isGlob(pattern)) {
    for (const candidate of tries) {
      const matches = options.glob(candidate.path);
      if (matches.length > 0) {
        noteMapping(candidate, d, state);
        return matches.map((file) => ({ file }));
      }
    }
    return [];
  }
  for (const candidate of tries) {
    const text = tryRead(candidate.path, options);
    if (text !== undefined) {
      noteMapping(candidate, d, state);
      return [{ file: candidate.path, text }];
    }
  }
  state.missing.push({ pattern, tried: tries.map((t) => t.path), stock: isStockInclude(pattern), loc: d.loc });
  return [];
}

function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** One note per mapping used, at the first include that used it. */
function noteMapping(candidate: Candidate, d: Directive, state: ExpandedConfig): void {
  if (candidate.note === undefined || state.notes.some((n) => n.message === candidate.note)) return;
  state.notes.push({ severity: 'info', message: candidate.note, loc: d.loc });
}

/** Read a glob match; a failure names the include line that asked for the file. */
function readIncluded(file: string, d: Directive, options: ParseOptions): string {
  try {
    return options.readFile(file);
  } catch (err) {
    const why = err instanceof ConfigError ? err.detail : err instanceof Error ? err.message : String(err);
    throw new ConfigError('UH_CONFIG_UNREADABLE', `cannot read included file "${file}": ${why}`, d.loc, { cause: err });
  }
}

function tryRead(file: string, options: ParseOptions): string | undefined {
  try {
    return options.readFile(file);
  } catch {
    return undefined;
  }
}
