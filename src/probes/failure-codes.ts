/**
 * One vocabulary for "why did this connection fail", whatever raised it: node:net, node:tls,
 * node:dns, Node's bundled undici or our own undici copy. Matching is on `err.code`, never on
 * `instanceof` (the two undici copies have different classes; undici's docs say to match on code),
 * and walks `err.cause` because undici wraps the socket error (`TypeError: fetch failed` → cause).
 * The table itself is on the ground floor (causes/error-codes.ts), shared with `serve`.
 */

import type { ProbeFailureCode, TransportFailure } from '../causes/error-codes.js';
import { ERROR_CODES } from '../causes/error-codes.js';

export type { ProbeFailureCode, TransportFailure } from '../causes/error-codes.js';

export interface ClassifiedError {
  readonly code: ProbeFailureCode;
  readonly kind: TransportFailure;
  /** The raw `err.code` found on the chain (e.g. `UND_ERR_CONNECT_TIMEOUT`), for evidence. */
  readonly rawCode?: string;
  /** The deepest message on the chain: the socket's own words. */
  readonly message: string;
}

/** Bound on the cause chain walk: a cycle (a.cause = a) must not hang the probe. */
const MAX_CHAIN = 8;

/** The error and its causes, outermost first, at most MAX_CHAIN deep. */
export function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  while (current !== undefined && current !== null && chain.length < MAX_CHAIN && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** `err.code` when it is a string. */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** `err.message` when it is an Error-like object, else the value as text. */
export function errorMessage(err: unknown): string {
  const message = (err as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : String(err);
}

/**
 * Map any error to a stable code and transport kind. The first known code on the chain wins
 * (the outer one is the more specific: undici's CONNECT_TIMEOUT wraps nothing, fetch's TypeError
 * wraps the socket error). AbortError / TimeoutError by name cover AbortSignal.timeout().
 */
export function classifyError(err: unknown): ClassifiedError {
  const chain = causeChain(err);
  const deepest = chain[chain.length - 1] ?? err;
  const message = errorMessage(deepest);
  for (const link of chain) {
    const raw = errorCode(link);
    const known = raw === undefined ? undefined : ERROR_CODES[raw];
    if (known) return { code: known[0], kind: known[1], rawCode: raw!, message };
  }
  for (const link of chain) {
    const name = (link as { name?: unknown }).name;
    if (name === 'TimeoutError') return { code: 'CONNECT_TIMEOUT', kind: 'timeout', message };
    if (name === 'AbortError') return { code: 'ABORTED', kind: 'aborted', message };
  }
  const raw = chain.map(errorCode).find((c) => c !== undefined);
  return { code: 'UNKNOWN', kind: 'other', ...(raw ? { rawCode: raw } : {}), message };
}
