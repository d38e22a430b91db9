/**
 * A fast path for Envoy configs written as JSON, as `/config_dump` and most generated configs
 * are. The `yaml` package reads JSON too, but it builds a full YAML document first: a 3.5 MB dump
 * took about 2 s and 300 MB. This reader builds the same positioned tree (yaml-source.ts) directly,
 * in one pass over the text.
 *
 * It only takes strict JSON. Anything it does not read exactly as the YAML path would (a syntax
 * error, a `<<` key, nesting past the limit) returns undefined, and the caller falls back to the
 * YAML path, which also owns every error message.
 */
import type { SourceLocation } from '../../model/index.js';
import { snakeKey } from './keys.js';
import type { ScalarValue, YEntry, YNode } from './node.js';
import { duplicateKeyError } from './node.js';
import { MAX_JSON_NODES, MAX_NESTING_DEPTH } from '../limits.js';
import { ConfigError } from '../../errors.js';

/** Not JSON this reader takes: the YAML path decides (and explains). */
class NotPlainJson extends Error {}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** The positioned tree of `text` if it is a JSON object or array; undefined to use the YAML path. */
export function loadJson(text: string, file: string): YNode | undefined {
  const start = text.search(/\S/);
  if (start < 0 || (text[start] !== '{' && text[start] !== '[')) return undefined;
  const reader = new JsonReader(text, file);
  try {
    const root = reader.value(0);
    reader.skipWhitespace();
    if (!reader.atEnd()) return undefined;
    return root;
  } catch (err) {
    if (err instanceof NotPlainJson) return undefined;
    throw err;
  }
}

class JsonReader {
  readonly #text: string;
  readonly #file: string;
  /** Offsets where each line starts, for line:column of any offset (binary search). */
  readonly #lineStarts: number[] = [0];
  #pos = 0;
  #nodes = 0;

  constructor(text: string, file: string) {
    this.#text = text;
    this.#file = file;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.#lineStarts.push(i + 1);
  }

  atEnd(): boolean {
    return this.#pos >= this.#text.length;
  }

  skipWhitespace(): void {
    WHITESPACE.lastIndex = this.#pos;
    WHITESPACE.exec(this.#text);
    this.#pos = WHITESPACE.lastIndex;
  }

  value(depth: number): YNode {
    if (depth > MAX_NESTING_DEPTH) throw new NotPlainJson();
    this.skipWhitespace();
    const loc = this.#loc(this.#pos);
    // Past this, the YAML path would refuse too (sooner, and slower): say so here, where it happens.
    if (++this.#nodes > MAX_JSON_NODES) throw new ConfigError('UH_CONFIG_PARSE', `more than ${MAX_JSON_NODES.toLocaleString('en-US')} JSON values: more than uh reads in one document (split the config into smaller files)`, loc);
    const c = this.#text[this.#pos];
    if (c === '{') return this.#object(loc, depth);
    if (c === '[') return this.#array(loc, depth);
    return { kind: 'scalar', value: this.#scalar(), loc };
  }

  #object(loc: SourceLocation, depth: number): YNode {
    this.#pos++;
    const entries: YEntry[] = [];
    const seen = new Set<string>();
    this.skipWhitespace();
    if (this.#eat('}')) return { kind: 'map', entries, loc };
    for (;;) {
      this.skipWhitespace();
      const keyLoc = this.#loc(this.#pos);
      if (this.#text[this.#pos] !== '"') throw new NotPlainJson();
      const rawKey = this.#string();
      if (rawKey === '<<') throw new NotPlainJson(); // a YAML merge key: the YAML path expands it
      if (seen.has(rawKey)) throw duplicateKeyError(rawKey, keyLoc);
      seen.add(rawKey);
      this.skipWhitespace();
      if (!this.#eat(':')) throw new NotPlainJson();
      entries.push({ key: snakeKey(rawKey), rawKey, keyLoc, value: this.value(depth + 1) });
      this.skipWhitespace();
      if (this.#eat('}')) return { kind: 'map', entries, loc };
      if (!this.#eat(',')) throw new NotPlainJson();
    }
  }

  #array(loc: SourceLocation, depth: number): YNode {
    this.#pos++;
    const items: YNode[] = [];
    this.skipWhitespace();
    if (this.#eat(']')) return { kind: 'seq', items, loc };
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipWhitespace();
      if (this.#eat(']')) return { kind: 'seq', items, loc };
      if (!this.#eat(',')) throw new NotPlainJson();
    }
  }

  #scalar(): ScalarValue {
    const text = this.#text;
    const c = text[this.#pos];
    if (c === '"') return this.#string();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, this.#pos)) {
        this.#pos += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = this.#pos;
    const match = NUMBER.exec(text);
    if (!match) throw new NotPlainJson();
    this.#pos = NUMBER.lastIndex;
    return Number(match[0]);
  }

  /** A JSON string token: scanned here, unescaped by JSON.parse (exactly JSON's rules). */
  #string(): string {
    const text = this.#text;
    let end = this.#pos + 1;
    let escaped = false;
    for (; end < text.length; end++) {
      const code = text.charCodeAt(end);
      if (code === 0x5c) { // backslash: skip the escaped character
        escaped = true;
        end++;
      } else if (code === 0x22) {
        break;
      } else if (code < 0x20) {
        throw new NotPlainJson(); // raw control characters are not JSON
      }
    }
    if (end >= text.length) throw new NotPlainJson();
    const raw = text.slice(this.#pos + 1, end);
    this.#pos = end + 1;
    if (!escaped) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      throw new NotPlainJson();
    }
  }

  #eat(char: string): boolean {
    if (this.#text[this.#pos] !== char) return false;
    this.#pos++;
    return true;
  }

  #loc(offset: number): SourceLocation {
    const starts = this.#lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.#file, line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}
