/**
 * The model → the corpus's hand-written expected format (see corpus expected/README.md), and the
 * comparison "on the keys that are present". Free-text keys (notes, `in`, `declaredIn`,
 * `ambiguous`) describe, they do not specify, so they are not compared.
 */
import type { GatewayConfig, Target, UnresolvedTarget, UpstreamGroup } from '../../../src/model/index.js';

export interface ExpectedUnresolved {
  readonly directive: string;
  readonly value: string;
  readonly resolvedViaSet?: string;
  readonly resolvedViaMap?: string | string[];
}

export interface ExpectedFile {
  readonly file: string;
  readonly includesResolved: boolean;
  readonly groups: readonly Record<string, unknown>[];
  readonly unresolvedTargets?: readonly ExpectedUnresolved[];
  readonly errors?: readonly { line: number; message: string; alsoAcceptable?: { line: number; message: string } }[];
  readonly notes?: string;
}

const FREE_TEXT = new Set(['notes', 'in', 'declaredIn', 'ambiguous']);
/** Objects read "as written": every key must match, extra keys are a wrong reading. */
const EXACT_RECORDS = new Set(['params', 'timeouts', 'tlsParams', 'match']);

export function groupToExpected(g: UpstreamGroup): Record<string, unknown> {
  const active = g.health.active;
  const declared = (active?.declared ?? {}) as { params?: unknown; flags?: unknown[]; match?: unknown };
  return {
    name: g.name,
    source: g.source,
    ...(g.context ? { context: g.context } : {}),
    ...(g.directive ? { directive: g.directive } : {}),
    members: g.targets.map(memberToExpected),
    healthCheck: active
      ? {
          kind: active.origin,
          params: declared.params ?? {},
          ...(declared.flags && declared.flags.length > 0 ? { flags: declared.flags } : {}),
          ...(declared.match ? { match: declared.match } : {}),
        }
      : null,
    tls: g.tls ? true : g.tlsUnknown ? null : false,
    params: g.params,
    timeouts: g.timeouts.declared ?? {},
    ...(g.tls ? { tlsParams: g.tls.declared } : {}),
  };
}

function memberToExpected(t: Target): Record<string, unknown> {
  return {
    host: t.socket === 'unix' ? `unix:${t.host}` : t.host,
    port: t.port ?? t.portText ?? null,
    weight: t.weight ?? null,
    flags: t.flags,
    params: t.params,
  };
}

/** Unresolved targets in the expected vocabulary, one per distinct (directive, value). */
export function unresolvedToExpected(list: readonly UnresolvedTarget[]): ExpectedUnresolved[] {
  const seen = new Map<string, ExpectedUnresolved>();
  for (const u of list) {
    const key = `${u.directive} ${u.text}`;
    if (seen.has(key)) continue;
    const via =
      u.resolvedValue === undefined
        ? {}
        : u.resolvedVia === 'set'
          ? { resolvedViaSet: u.resolvedValue }
          : { resolvedViaMap: u.resolvedValue };
    seen.set(key, { directive: u.directive, value: u.text, ...via });
  }
  return [...seen.values()];
}

/**
 * Differences between `actual` and `expected` on the keys `expected` has, as readable paths.
 * Records in EXACT_RECORDS must be equal as a whole (an empty expected record may be absent).
 */
export function diff(actual: unknown, expected: unknown, path = '$'): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) {
      return [`${path}: expected ${expected.length} items, got ${actual.length}: ${JSON.stringify(actual)}`];
    }
    return expected.flatMap((e, i) => diff(actual[i], e, `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    const a = actual as Record<string, unknown>;
    const out: string[] = [];
    for (const [key, value] of Object.entries(expected)) {
      if (FREE_TEXT.has(key)) continue;
      if (EXACT_RECORDS.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        out.push(...exactRecord(a[key] ?? {}, value as Record<string, unknown>, `${path}.${key}`));
      } else {
        out.push(...diff(a[key], value, `${path}.${key}`));
      }
    }
    return out;
  }
  return Object.is(actual, expected) ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

function exactRecord(actual: unknown, expected: Record<string, unknown>, path: string): string[] {
  const a = (actual ?? {}) as Record<string, unknown>;
  const extra = Object.keys(a).filter((k) => !(k in expected));
  const out = extra.map((k) => `${path}.${k}: not expected, got ${JSON.stringify(a[k])}`);
  for (const [k, v] of Object.entries(expected)) out.push(...diff(a[k], v, `${path}.${k}`));
  return out;
}

/** The whole file's comparison: groups in order, unresolved targets as a set. */
export function compareConfig(cfg: GatewayConfig, expected: ExpectedFile): string[] {
  const problems = diff(cfg.groups.map(groupToExpected), expected.groups, '$.groups');
  if (expected.unresolvedTargets) {
    const actual = unresolvedToExpected(cfg.unresolved);
    const key = (u: { directive: string; value: string }): string => `${u.directive} ${u.value}`;
    const wanted = [...expected.unresolvedTargets]
      .map((u) => (Array.isArray(u.resolvedViaMap) ? withoutArrayMap(u) : u))
      .map(({ directive, value, resolvedViaSet, resolvedViaMap }) => ({
        directive,
        value,
        ...(resolvedViaSet !== undefined ? { resolvedViaSet } : {}),
        ...(resolvedViaMap !== undefined ? { resolvedViaMap } : {}),
      }))
      // Some expectations list a target once per location, others once per value: compare distinct values.
      .filter((u, i, all) => all.findIndex((o) => key(o) === key(u)) === i)
      .sort((x, y) => key(x).localeCompare(key(y)));
    const got = actual.sort((x, y) => key(x).localeCompare(key(y)));
    if (got.length !== wanted.length) {
      problems.push(`$.unresolvedTargets: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(got)}`);
    } else {
      wanted.forEach((w, i) => problems.push(...exactRecord(got[i], { ...w }, `$.unresolvedTargets[${i}]`)));
    }
  }
  return problems;
}

/**
 * `resolvedViaMap: [a, b]` lists the values `split_clients` picks between at run time; the model
 * holds one resolved value, so the target must then stay unresolved (no single value claimed).
 */
function withoutArrayMap(u: ExpectedUnresolved): ExpectedUnresolved {
  return { directive: u.directive, value: u.value };
}
