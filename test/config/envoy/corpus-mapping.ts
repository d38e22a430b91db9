/**
 * Maps the parsed model onto the hand-written corpus format (/work/shared/corpus/expected/README.md)
 * so a test can compare the two. One convention of the expected files is honoured here: a string
 * written `value (explanation)` is a value with a hand-written annotation, and the actual value
 * must equal the part before ` (`. Timeouts are compared as written (`timeouts.declared`).
 * Group, member, params, tlsParams and timeouts objects are compared on the keys the expected
 * file lists (`null` there means "absent"); every other value is compared in full.
 */
import type { Target, UpstreamGroup } from '../../../src/model/index.js';

type Json = Record<string, unknown>;

/** Keys of an expected group that are commentary, not data. */
const COMMENTARY = new Set(['notes', 'ambiguous']);

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function mapMember(target: Target): Json {
  return {
    host: target.socket === 'unix' ? `unix:${target.host}` : target.host,
    port: target.port ?? target.portText ?? null,
    weight: target.weight ?? null,
    flags: [...target.flags],
    params: target.params,
  };
}

/** The model group in the corpus vocabulary (every key the format knows). */
export function mapGroup(group: UpstreamGroup): Json {
  const active = group.health.active;
  return {
    name: group.name,
    source: group.source,
    clusterType: group.clusterType ?? null,
    members: group.targets.map(mapMember),
    healthCheck: active ? { type: active.type, ...active.declared } : null,
    tls: group.tlsUnknown ? null : group.tls !== undefined,
    tlsParams: group.tls?.declared ?? null,
    timeouts: group.timeouts.declared ?? {},
    outlierDetection: group.health.passive?.declared ?? null,
    circuitBreakers: group.params['circuit_breakers'] ?? null,
    params: group.params,
  };
}

function annotationBase(text: string): string {
  const at = text.indexOf(' (');
  return at > 0 ? text.slice(0, at) : text;
}

/** `actual`, with values that match `expected` under the annotation rule replaced by `expected`. */
export function align(expected: unknown, actual: unknown): unknown {
  if (typeof expected === 'string' && typeof actual === 'string') {
    return expected === actual || annotationBase(expected) === actual ? expected : actual;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) return actual.map((a, i) => align(expected[i], a));
  if (isObject(expected) && isObject(actual)) {
    const out: Json = {};
    for (const [key, value] of Object.entries(actual)) out[key] = align(expected[key], value);
    return out;
  }
  return actual;
}

/** Like `align`, but only on the keys `expected` lists; a key the model lacks reads as null. */
function alignSubset(expected: Json, actual: Json): Json {
  const out: Json = {};
  for (const key of Object.keys(expected)) out[key] = align(expected[key], actual[key] ?? null);
  return out;
}

/** Expected `timeouts` in the model's `declared` spelling: strings as written, object forms as JSON text. */
function timeoutsAsWritten(timeouts: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(timeouts)) out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  return out;
}

/**
 * The pair to compare for one group: the expected group without commentary, and the model's
 * group projected onto the same keys.
 */
export function comparableGroup(expected: Json, group: UpstreamGroup): { expected: Json; actual: Json } {
  const mapped = mapGroup(group);
  const want: Json = {};
  const got: Json = {};
  for (const [key, value] of Object.entries(expected)) {
    if (COMMENTARY.has(key)) continue;
    if (key === 'members' && Array.isArray(value) && Array.isArray(mapped['members'])) {
      const members = mapped['members'] as Json[];
      want[key] = value;
      got[key] = members.map((m, i) => alignSubset(isObject(value[i]) ? value[i] : {}, m));
    } else if (key === 'timeouts' && isObject(value)) {
      want[key] = timeoutsAsWritten(value);
      got[key] = alignSubset(want[key] as Json, mapped['timeouts'] as Json);
    } else if ((key === 'params' || key === 'tlsParams') && isObject(value)) {
      want[key] = value;
      got[key] = alignSubset(value, (mapped[key] as Json | null) ?? {});
    } else {
      want[key] = value;
      got[key] = align(value, mapped[key] ?? null);
    }
  }
  return { expected: want, actual: got };
}
