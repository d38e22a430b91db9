/**
 * Strict decode of a uh YAML document against the key tables (schema.ts), in the order
 * blackbox_exporter's config loader uses: defaults for absent keys, then a strict decode in which an
 * unknown key is an error naming it (with did-you-mean), then — in build-model.ts — cross-field checks.
 * Values come out in model units (durations in ms, percentages as fractions, status ranges as
 * {from, to}); every decoded path remembers where it was written.
 */
import type { Document, LineCounter, Node, Pair, YAMLMap } from 'yaml';
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import { ConfigError } from '../../errors.js';
import { parseDuration } from '../../model/durations.js';
import type { SourceLocation } from '../../model/location.js';
import { AnchorIndex } from '../yaml-anchors.js';
import { didYouMean } from './did-you-mean.js';
import type { FieldTable, TypeSpec } from './schema-types.js';
import { EXTENSION_PREFIX } from './schema.js';
import { STRING_CHECKS } from './string-checks.js';
import { describeType, displayPath, pathKey } from './paths.js';

/**
 * Aliases can make a small file expand enormously ("billion laughs"): bound the walk by what the
 * text could hold without aliases (a node takes at least ~4 characters), plus room for real reuse.
 */
function nodeBudget(textLength: number): number {
  return 100_000 + Math.ceil(textLength / 4);
}

export interface DecodeResult {
  readonly value: Record<string, unknown>;
  /** pathKey(path) → where that key (or list item) was written. */
  readonly locs: ReadonlyMap<string, SourceLocation>;
}

export function decodeDocument(doc: Document, lineCounter: LineCounter, file: string, root: TypeSpec, textLength: number): DecodeResult {
  const decoder = new Decoder(doc, lineCounter, file, nodeBudget(textLength));
  const contents = doc.contents as Node | null;
  const value = decoder.decode(contents, root, []);
  return { value: value as Record<string, unknown>, locs: decoder.locs };
}

type Path = readonly (string | number)[];

class Decoder {
  readonly locs = new Map<string, SourceLocation>();
  #lineCounter: LineCounter;
  #file: string;
  #visited = 0;
  #maxNodes: number;

  readonly #anchors: AnchorIndex;

  constructor(doc: Document, lineCounter: LineCounter, file: string, maxNodes: number) {
    this.#maxNodes = maxNodes;
    this.#anchors = new AnchorIndex(doc);
    this.#lineCounter = lineCounter;
    this.#file = file;
  }

  decode(node: Node | null | undefined, type: TypeSpec, path: Path): unknown {
    if (++this.#visited > this.#maxNodes) throw this.#error('UH_CONFIG_INVALID', node, path, `aliases expand the document beyond ${this.#maxNodes} nodes; write the values out, or share fewer`);
    const resolved = this.#resolve(node);
    switch (type.kind) {
      case 'object': return this.#object(resolved, type.fields, type.exactlyOne === true, path);
      case 'map': return this.#map(resolved, type.of, path);
      case 'list': return this.#list(resolved, type.of, type.minItems ?? 0, path);
      case 'any-of': return this.#anyOf(resolved, type.of, path);
      default: return this.#scalar(resolved, type, path);
    }
  }

  /** An alias names the closest anchor of that name written before it (YAML 1.2 §3.2.2.2). */
  #resolve(node: Node | null | undefined): Node | null | undefined {
    if (!isAlias(node)) return node;
    const found = this.#anchors.resolve(node);
    if (!found) throw this.#error('UH_CONFIG_INVALID', node, [], `the alias *${node.source} names no anchor written before it`);
    return found;
  }

  #object(node: Node | null | undefined, fields: FieldTable, exactlyOne: boolean, path: Path): Record<string, unknown> {
    if (isNull(node)) return this.#object(undefined, fields, exactlyOne, path);
    if (node !== undefined && !isMap(node)) throw this.#mismatch(node, path, 'a mapping of keys');
    const out: Record<string, unknown> = {};
    const known = Object.keys(fields);
    for (const pair of node ? this.#pairs(node, path) : []) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      if (key !== undefined && path.length === 0 && key.startsWith(EXTENSION_PREFIX)) continue;
      if (key === undefined || !(key in fields)) {
        const shown = key ?? 'a non-scalar key';
        const where = path.length === 0 ? 'at the top level' : `in ${displayPath(path)}`;
        throw this.#error('UH_CONFIG_UNKNOWN_KEY', keyNode, [], `unknown key \`${shown}\` ${where}${key ? didYouMean(key, known) : ''} (known keys: ${known.join(', ')})`);
      }
      this.#remember([...path, key], keyNode);
      out[key] = this.decode(pair.value as Node | null, fields[key]!.type, [...path, key]);
    }
    for (const [key, spec] of Object.entries(fields)) {
      if (key in out) continue;
      if (spec.required) throw this.#error('UH_CONFIG_INVALID', this.locs.has(pathKey(path)) ? undefined : node, path, `missing required key \`${key}\``);
      if (spec.default === undefined) continue;
      // An object default ({}) is decoded like an empty mapping, so its own keys get their defaults.
      out[key] = spec.type.kind === 'object' ? this.#object(undefined, spec.type.fields, false, [...path, key]) : decodeDefault(spec.default, spec.type, [...path, key]);
    }
    if (exactlyOne && Object.keys(out).length !== 1) {
      throw this.#error('UH_CONFIG_INVALID', node, path, `write exactly one of ${known.map((k) => `\`${k}\``).join(', ')}`);
    }
    return out;
  }

  /**
   * The mapping's pairs with YAML merge keys (`<<: *defaults`) expanded: the mapping's own keys
   * win over merged ones, earlier merged mappings over later ones (yaml.org/type/merge).
   */
  #pairs(node: YAMLMap, path: Path): Pair[] {
    const own = node.items.filter((pair) => !isMergeKey(pair));
    const seen = new Set<string>();
    for (const pair of own) {
      // yaml's own uniqueKeys check is quadratic in the size of a mapping; this one is linear.
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (seen.has(key)) throw this.#error('UH_CONFIG_PARSE', pair.key as Node, [], `YAML syntax: \`${key}\` is written twice in the same mapping; keep one`);
      seen.add(key);
    }
    const merged: Pair[] = [];
    for (const pair of node.items.filter(isMergeKey)) {
      const value = pair.value as Node | null;
      const sources = isSeq(value) ? (value.items as Node[]) : [value];
      for (const source of sources) {
        const map = this.#resolve(source);
        if (!isMap(map)) throw this.#mismatch(source, path, 'a mapping (or a list of them) after <<');
        for (const inner of this.#pairs(map, path)) {
          const key = isScalar(inner.key) ? String(inner.key.value) : '';
          if (seen.has(key)) continue;
          seen.add(key);
          merged.push(inner);
        }
      }
    }
    return [...own, ...merged];
  }

  #map(node: Node | null | undefined, of: TypeSpec, path: Path): Record<string, unknown> {
    if (isNull(node)) return {};
    if (!isMap(node)) throw this.#mismatch(node, path, 'a mapping of names');
    const out: Record<string, unknown> = {};
    for (const pair of this.#pairs(node, path)) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? keyNode.value : undefined;
      if (typeof key !== 'string' || key.trim() === '') {
        throw this.#error('UH_CONFIG_INVALID', keyNode, path, 'a name must be a non-empty string');
      }
      this.#remember([...path, key], keyNode);
      out[key] = this.decode(pair.value as Node | null, of, [...path, key]);
    }
    return out;
  }

  #list(node: Node | null | undefined, of: TypeSpec, minItems: number, path: Path): unknown[] {
    if (!isSeq(node)) throw this.#mismatch(node, path, `a list of ${describeType(of)}`);
    if (node.items.length < minItems) throw this.#error('UH_CONFIG_INVALID', node, path, `needs at least ${minItems} item${minItems === 1 ? '' : 's'}`);
    return node.items.map((item, i) => {
      this.#remember([...path, i], item as Node);
      return this.decode(item as Node, of, [...path, i]);
    });
  }

  #anyOf(node: Node | null | undefined, options: readonly TypeSpec[], path: Path): unknown {
    for (const option of options) {
      try {
        return this.decode(node, option, path);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
      }
    }
    const candidates = options.flatMap((o) => (o.kind === 'enum' ? o.values : []));
    const text = isScalar(node) ? String(node.value) : '';
    throw this.#mismatch(node, path, options.map(describeType).join(' or '), didYouMean(text, candidates));
  }

  #scalar(node: Node | null | undefined, type: TypeSpec, path: Path): unknown {
    if (!isScalar(node) || node.value === null) throw this.#mismatch(node, path, describeType(type));
    const result = decodeScalar(node.value, type);
    if (typeof result === 'object' && result !== null && 'problem' in result) {
      const problem = (result as { problem: string }).problem;
      throw this.#error('UH_CONFIG_INVALID', node, path, problem);
    }
    return result;
  }

  #remember(path: Path, node: Node | null | undefined): void {
    const loc = this.#loc(node);
    if (loc) this.locs.set(pathKey(path), loc);
  }

  #loc(node: Node | null | undefined): SourceLocation | undefined {
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = this.#lineCounter.linePos(offset);
    return { file: this.#file, line, column: col };
  }

  #mismatch(node: Node | null | undefined, path: Path, expected: string, hint = ''): ConfigError {
    return this.#error('UH_CONFIG_INVALID', node, path, `expected ${expected}, got ${describeNode(node)}${hint}`);
  }

  #error(code: 'UH_CONFIG_INVALID' | 'UH_CONFIG_UNKNOWN_KEY' | 'UH_CONFIG_PARSE', node: Node | null | undefined, path: Path, detail: string): ConfigError {
    const loc = this.#loc(node) ?? this.locs.get(pathKey(path)) ?? { file: this.#file, line: 1, column: 1 };
    return new ConfigError(code, path.length > 0 ? `${displayPath(path)}: ${detail}` : detail, loc);
  }
}

/** yaml (merge: true) marks `<<` keys with a symbol; plain `<<` covers documents parsed without it. */
function isMergeKey(pair: Pair): boolean {
  if (!isScalar(pair.key)) return false;
  const value: unknown = pair.key.value;
  return value === '<<' || (typeof value === 'symbol' && value.description === '<<');
}

function isNull(node: Node | null | undefined): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

function describeNode(node: Node | null | undefined): string {
  if (node === undefined || node === null || (isScalar(node) && node.value === null)) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return typeof node.value === 'string' ? JSON.stringify(clip(node.value)) : String(node.value);
  return 'something else';
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Decode a default from the tables; a bad default is a bug in schema.ts, not in the user's file. */
function decodeDefault(value: unknown, type: TypeSpec, path: Path): unknown {
  if (type.kind === 'list' && Array.isArray(value)) return value.map((item, i) => decodeDefault(item, type.of, [...path, i]));
  if (type.kind === 'map' || type.kind === 'object') return value;
  if (type.kind === 'any-of') return value;
  const result = decodeScalar(value, type);
  if (typeof result === 'object' && result !== null && 'problem' in result) throw new Error(`bad default at ${displayPath(path)}`);
  return result;
}

type Scalar = unknown;

/** One scalar in model units, or `{problem}` saying what is wrong with it. */
function decodeScalar(value: Scalar, type: TypeSpec): unknown {
  const bad = (problem: string): { problem: string } => ({ problem });
  const expected = (): { problem: string } => bad(`expected ${describeType(type)}, got ${typeof value === 'string' ? JSON.stringify(clip(value)) : String(value)}`);
  switch (type.kind) {
    case 'string': {
      if (typeof value !== 'string') return expected();
      const problem = type.check ? STRING_CHECKS[type.check].check(value) : undefined;
      return problem ? bad(`${JSON.stringify(value)}: ${problem}`) : value;
    }
    case 'boolean': return typeof value === 'boolean' ? value : expected();
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || (type.kind === 'integer' && !Number.isInteger(value))) return expected();
      if (type.min !== undefined && value < type.min) return bad(`${value} is below the minimum ${type.min}`);
      if (type.max !== undefined && value > type.max) return bad(`${value} is above the maximum ${type.max}`);
      return value;
    }
    case 'duration': {
      if (typeof value === 'number') return bad(`${value} has no unit; write ${value}s or ${value}ms`);
      const ms = typeof value === 'string' ? parseDuration(value, 'ms') : undefined;
      return ms === undefined || /^\d+(\.\d+)?$/.test(String(value).trim()) ? expected() : ms;
    }
    case 'percent': return decodePercent(value) ?? expected();
    case 'status': return decodeStatus(value) ?? expected();
    case 'status-range': return decodeStatusRange(value, bad) ?? expected();
    case 'enum': {
      if (typeof value !== 'string') return expected();
      if (type.values.includes(value)) return value;
      const allowed = type.hint !== undefined ? `is not ${type.hint}` : `is not one of ${type.values.join(', ')}`;
      return bad(`${JSON.stringify(clip(value))} ${allowed}${didYouMean(value, type.values)}`);
    }
    default: return expected();
  }
}

function decodePercent(value: Scalar): number | undefined {
  if (typeof value === 'number') return value >= 0 && value <= 1 ? value : undefined;
  const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)%$/.exec(value) : null;
  const n = m ? Number(m[1]) : NaN;
  return n >= 0 && n <= 100 ? n / 100 : undefined;
}

function decodeStatus(value: Scalar): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

function decodeStatusRange(value: Scalar, bad: (p: string) => { problem: string }): unknown {
  const single = decodeStatus(value);
  if (single !== undefined) return { from: single, to: single };
  const m = typeof value === 'string' ? /^(\d{3})-(\d{3})$/.exec(value) : null;
  if (!m) return undefined;
  const from = decodeStatus(m[1]!);
  const to = decodeStatus(m[2]!);
  if (from === undefined || to === undefined) return bad(`"${String(value)}": status codes are 100-599`);
  if (from > to) return bad(`"${String(value)}": the range is backwards (write "${to}-${from}")`);
  return { from, to };
}
