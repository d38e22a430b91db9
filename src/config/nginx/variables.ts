/**
 * Static resolution of nginx variables in `*_pass` targets. nginx evaluates `$var` / `${var}` per
 * request; a file can only tell us the value when `set $var literal` (rewrite module) or a `map`
 * whose `default` is literal gives it. Everything else (`$host`, `$arg_x`, njs `js_set`, regex
 * captures) stays unknown and the target is reported as unresolved, never guessed.
 */
import type { Directive } from './parse.js';

export type VarSource = 'set' | 'map';

export interface VarValue {
  readonly value: string;
  readonly via: VarSource;
}

/** `map $src $dst { default V; ... }` → dst → the value uh can stand behind (see mapValue). */
export type MapTable = ReadonlyMap<string, string>;

const VAR_RE = /\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g;
const MAX_DEPTH = 8;

/**
 * The value of a map for static analysis: every value when they all agree, else the `default`
 * (what nginx answers when no key matches, which is what a deployment with the shipped keys gets).
 */
export function mapValue(block: readonly Directive[]): string | undefined {
  const values = block.filter((d) => !['hostnames', 'volatile', 'include'].includes(d.name) && d.args.length === 1);
  const distinct = new Set(values.map((d) => d.args[0]!));
  if (distinct.size === 1) return [...distinct][0];
  return block.find((d) => d.name === 'default' && d.args.length === 1)?.args[0];
}

/** Every variable name referenced in `text`, in order. */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(VAR_RE)].map((m) => (m[1] ?? m[2])!);
}

export interface Substitution {
  /** The text with every resolvable variable replaced; unresolvable ones left as written. */
  readonly text: string;
  /** Variables that could not be resolved. */
  readonly unresolved: readonly string[];
  /** Where the resolved values came from (`set` wins when both contributed). */
  readonly via?: VarSource;
  /** Offset in `text` of the first unresolved variable, if any. */
  readonly firstUnresolvedAt?: number;
}

/** Replace variables known from `set` (scope) and `map` (global) in `text`. */
export function substitute(
  text: string,
  sets: { get(name: string): string | undefined; has(name: string): boolean },
  maps: MapTable,
): Substitution {
  const sources = new Set<VarSource>();
  const unresolved: string[] = [];
  let firstUnresolvedAt: number | undefined;
  const resolveOne = (name: string, depth: number): string | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    const raw = sets.has(name) ? sets.get(name) : maps.get(name);
    if (raw === undefined) return undefined;
    sources.add(sets.has(name) ? 'set' : 'map');
    let ok = true;
    const expanded = raw.replace(VAR_RE, (m, braced: string | undefined, bare: string | undefined) => {
      const inner = resolveOne((braced ?? bare)!, depth + 1);
      if (inner === undefined) ok = false;
      return inner ?? m;
    });
    return ok ? expanded : undefined;
  };
  let out = '';
  let last = 0;
  for (const m of text.matchAll(VAR_RE)) {
    out += text.slice(last, m.index);
    const name = (m[1] ?? m[2])!;
    const value = resolveOne(name, 0);
    if (value === undefined) {
      unresolved.push(name);
      firstUnresolvedAt ??= out.length;
      out += m[0];
    } else {
      out += value;
    }
    last = m.index + m[0].length;
  }
  out += text.slice(last);
  const via: VarSource | undefined = sources.has('set') ? 'set' : sources.has('map') ? 'map' : undefined;
  return { text: out, unresolved, ...(via ? { via } : {}), ...(firstUnresolvedAt !== undefined ? { firstUnresolvedAt } : {}) };
}
