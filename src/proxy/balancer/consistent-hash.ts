import type { HashKey } from '../../model/index.js';
import type { TargetState } from '../target-state.js';
import type { Balancer, BalancerFactory, PickInput } from './types.js';
import { eligible } from './types.js';
import { weightedDraw } from './random.js';

/** Virtual nodes per unit of weight: enough for an even spread over a handful of targets. */
const POINTS_PER_WEIGHT = 160;

/** 32-bit FNV-1a: fast, and stable across runs and processes (a key maps the same after restart). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

interface Ring {
  readonly points: Uint32Array;
  readonly owners: Int32Array;
}

/** A ketama-style ring: adding or losing a target moves only the keys that target owned. */
function buildRing(pool: readonly TargetState[]): Ring {
  const entries: [number, number][] = [];
  pool.forEach((t, index) => {
    const count = Math.max(1, Math.round(t.weight * POINTS_PER_WEIGHT));
    for (let v = 0; v < count; v++) entries.push([fnv1a(`${t.address}#${v}`), index]);
  });
  entries.sort((a, b) => a[0] - b[0]);
  return { points: Uint32Array.from(entries, (e) => e[0]), owners: Int32Array.from(entries, (e) => e[1]) };
}

/** First ring position at or after `hash` (wrapping), by binary search. */
function locate(ring: Ring, hash: number): number {
  let lo = 0;
  let hi = ring.points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ring.points[mid]! < hash) lo = mid + 1;
    else hi = mid;
  }
  return lo === ring.points.length ? 0 : lo;
}

/** Walk the ring from the key's point to the first eligible owner (bounded by the ring size). */
function ringPick(pool: readonly TargetState[], ring: Ring, key: string, input: PickInput): TargetState | undefined {
  const n = ring.points.length;
  let pos = locate(ring, fnv1a(key));
  for (let step = 0; step < n; step++, pos = (pos + 1) % n) {
    const t = pool[ring.owners[pos]!]!;
    if (eligible(t, input)) return t;
  }
  return undefined;
}

/** The request's hash key: a header, or a cookie, as `hash_on` says. */
export function hashKeyOf(input: PickInput, on: HashKey | undefined): string | undefined {
  if (!on) return undefined;
  if ('header' in on) {
    const v = input.headers[on.header.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }
  if ('cookie' in on) return cookieValue(input.headers.cookie, on.cookie);
  return undefined;
}

/** One cookie's value from a Cookie header (RFC 6265 §5.4 `name=value; name=value`). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** `balance: hash` — consistent hashing on `hash_on` (header or cookie); no key → weighted random. */
export const consistentHash: BalancerFactory = (pool, options) => {
  const ring = buildRing(pool);
  const rand = options.random ?? Math.random;
  return {
    pick(input: PickInput) {
      const key = hashKeyOf(input, options.hashOn);
      return key === undefined ? weightedDraw(pool, input, rand) : ringPick(pool, ring, key, input);
    },
  } satisfies Balancer;
};

/** `balance: ip_hash` — the same ring keyed on the client address. */
export const ipHash: BalancerFactory = (pool) => {
  const ring = buildRing(pool);
  return {
    pick(input: PickInput) {
      return ringPick(pool, ring, input.clientIp, input);
    },
  } satisfies Balancer;
};
