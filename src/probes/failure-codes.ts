/**
 * One vocabulary for "why did this connection fail", whatever raised it: node:net, node:tls,
 * node:dns, Node's bundled undici or our own undici copy. Matching is on `err.code`, never on
 * `instanceof` (the two undici copies have different classes; undici's docs say to match on code),
 * and walks `err.cause` because undici wraps the socket error (`TypeError: fetch failed` → cause).
 */

/** Codes a probe may report in `ProbeResult.code`. Node errno names are kept as Node spells them. */
export type ProbeFailureCode =
  | 'ECONNREFUSED'
  | 'ECONNRESET'
  | 'EPIPE'
  | 'EHOSTUNREACH'
  | 'ENETUNREACH'
  | 'EADDRNOTAVAIL'
  | 'ENOENT'
  | 'EACCES'
  | 'CONNECT_TIMEOUT'
  | 'HEADERS_TIMEOUT'
  | 'BODY_TIMEOUT'
  | 'SOCKET_CLOSED'
  | 'ABORTED'
  | 'UNKNOWN';

/** The catalog's transport-level causes, in the order tcpProbe reports them. */
export type TransportFailure = 'refused' | 'timeout' | 'unreachable' | 'reset' | 'aborted' | 'other';

export interface ClassifiedError {
  readonly code: ProbeFailureCode;
  readonly kind: TransportFailure;
  /** The raw `err.code` found on the chain (e.g. `UND_ERR_CONNECT_TIMEOUT`), for evidence. */
  readonly rawCode?: string;
  /** The deepest message on the chain: the socket's own words. */
  readonly message: string;
}

/** Raw codes (node errno + undici `UND_ERR_*`) → our code and kind. Data, so adding a spelling is one line. */
const CODE_TABLE: Readonly<Record<string, readonly [ProbeFailureCode, TransportFailure]>> = {
  ECONNREFUSED: ['ECONNREFUSED', 'refused'],
  ECONNRESET: ['ECONNRESET', 'reset'],
  EPIPE: ['EPIPE', 'reset'],
  ECONNABORTED: ['ECONNRESET', 'reset'],
  EHOSTUNREACH: ['EHOSTUNREACH', 'unreachable'],
  ENETUNREACH: ['ENETUNREACH', 'unreachable'],
  EHOSTDOWN: ['EHOSTUNREACH', 'unreachable'],
  ENETDOWN: ['ENETUNREACH', 'unreachable'],
  EADDRNOTAVAIL: ['EADDRNOTAVAIL', 'unreachable'],
  ETIMEDOUT: ['CONNECT_TIMEOUT', 'timeout'],
  ETIMEOUT: ['CONNECT_TIMEOUT', 'timeout'],
  CONNECT_TIMEOUT: ['CONNECT_TIMEOUT', 'timeout'],
  UND_ERR_CONNECT_TIMEOUT: ['CONNECT_TIMEOUT', 'timeout'],
  UND_ERR_HEADERS_TIMEOUT: ['HEADERS_TIMEOUT', 'timeout'],
  UND_ERR_BODY_TIMEOUT: ['BODY_TIMEOUT', 'timeout'],
  UND_ERR_SOCKET: ['SOCKET_CLOSED', 'reset'],
  UND_ERR_CLOSED: ['SOCKET_CLOSED', 'reset'],
  ERR_STREAM_PREMATURE_CLOSE: ['SOCKET_CLOSED', 'reset'],
  ENOENT: ['ENOENT', 'refused'],
  EACCES: ['EACCES', 'refused'],
  ABORT_ERR: ['ABORTED', 'aborted'],
  UND_ERR_ABORTED: ['ABORTED', 'aborted'],
  ERR_SOCKET_CONNECTION_TIMEOUT: ['CONNECT_TIMEOUT', 'timeout'],
};

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
    const known = raw === undefined ? undefined : CODE_TABLE[raw];
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
