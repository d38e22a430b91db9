/**
 * `include` expansion, as ngx_conf_include() does it: the argument is a file or a glob; a relative
 * path is tried next to the including file and then under the nginx prefix (where nginx itself
 * resolves it: `ParseOptions.nginxPrefix`, else the main file's directory, nginx's conf prefix); a glob that matches nothing is fine (nginx's `include x[.]conf` idiom
 * for optional files), a missing plain file is an error at the include line. Cycles and nesting
 * deeper than MAX_INCLUDE_DEPTH stop with a clear error instead of recursing forever.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { ConfigError } from '../../errors.js';
import type { ParseOptions } from '../types.js';
import type { Directive } from './parse.js';
import { parseDirectives } from './parse.js';
import { MAX_NESTING_DEPTH, nestingTooDeep } from '../limits.js';
import { ReadBudget } from './read-budget.js';

export const MAX_INCLUDE_DEPTH = 32;

export interface ExpandedConfig {
  readonly directives: readonly Directive[];
  /** Every file read, the main file first, in reading order, each once. */
  readonly files: string[];
}

/** Parse `text` (the content of `path`) and splice every `include` in place, recursively. */
export function parseWithIncludes(text: string, path: string, options: ParseOptions): ExpandedConfig {
  const files: string[] = [path];
  const read: Reading = { options, files, budget: new ReadBudget() };
  read.budget.text(text.length, { file: path, line: 1, column: 1 });
  const directives = expand(parseDirectives(text, path, read.budget), [path], read, 0);
  return { directives, files };
}

/** What every step of one expansion shares. */
interface Reading {
  readonly options: ParseOptions;
  /** Every file read so far, each once. */
  readonly files: string[];
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
  const { options, files, budget } = read;
  if (d.args.length !== 1) {
    throw new ConfigError('UH_CONFIG_PARSE', 'invalid number of arguments in "include" directive', d.loc);
  }
  const pattern = d.args[0]!;
  const out: Directive[] = [];
  for (const { file, text: known } of resolveInclude(pattern, d, chain, options)) {
    if (chain.includes(file)) {
      const cycle = [...chain.slice(chain.indexOf(file)), file].join(' -> ');
      throw new ConfigError('UH_CONFIG_INVALID', `include cycle: ${cycle}`, d.loc);
    }
    if (chain.length >= MAX_INCLUDE_DEPTH) {
      throw new ConfigError('UH_CONFIG_INVALID', `includes nested deeper than ${MAX_INCLUDE_DEPTH} levels at "${file}"`, d.loc);
    }
    const text = known ?? readIncluded(file, d, options);
    budget.text(text.length, d.loc);
    if (!files.includes(file)) files.push(file);
    append(out, expand(parseDirectives(text, file, budget), [...chain, file], read, depth));
  }
  return out;
}

/** `out.push(...items)` without spreading: a spread of a few hundred thousand arguments overflows the stack. */
function append<T>(out: T[], items: readonly T[]): void {
  for (const item of items) out.push(item);
}

/** Candidate bases: next to the including file, then the prefix; absolute paths are used as written. */
function candidates(pattern: string, chain: readonly string[], options: ParseOptions): string[] {
  if (isAbsolute(pattern)) return [pattern];
  const list = [join(dirname(chain[chain.length - 1]!), pattern)];
  const viaPrefix = join(options.nginxPrefix ?? dirname(chain[0]!), pattern);
  if (!list.includes(viaPrefix)) list.push(viaPrefix);
  return list;
}

interface IncludedFile {
  readonly file: string;
  /** Already read while probing the candidates. */
  readonly text?: string;
}

function resolveInclude(pattern: string, d: Directive, chain: readonly string[], options: ParseOptions): readonly IncludedFile[] {
  const tries = candidates(pattern, chain, options);
  if (/[*?[]/.test(pattern)) {
    for (const candidate of tries) {
      const matches = options.glob(candidate);
      if (matches.length > 0) return matches.map((file) => ({ file }));
    }
    return [];
  }
  for (const candidate of tries) {
    const text = tryRead(candidate, options);
    if (text !== undefined) return [{ file: candidate, text }];
  }
  throw new ConfigError(
    'UH_CONFIG_UNREADABLE',
    `cannot open included file "${pattern}" (tried ${tries.map((t) => `"${t}"`).join(', ')})`,
    d.loc,
  );
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
