/**
 * The one table from an error's `code` to uh's words for it: the stable failure code a probe
 * reports, the transport kind, and the catalog cause it names. `diagnose` (probes/failure-codes.ts,
 * tcp.ts) and `serve` (proxy/classify.ts) both read it, so ECONNREFUSED means `tcp-refused` in a
 * report and in a 502 body alike. Data: adding a spelling is one line.
 */
import type { CauseId } from './catalog.js';

/** uh's stable failure codes for connection-level errors. Node errno names are kept as Node spells them. */
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

/** How a connection failed, whatever raised it. */
export type TransportFailure = 'refused' | 'timeout' | 'unreachable' | 'reset' | 'aborted' | 'other';

/** Raw codes (node errno + undici `UND_ERR_*`) → our code and kind. */
export const ERROR_CODES: Readonly<Record<string, readonly [ProbeFailureCode, TransportFailure]>> = {
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

/** The cause each failure code names; an abort or an unknown error names none. */
export const CAUSE_OF_FAILURE: Readonly<Record<ProbeFailureCode, CauseId | undefined>> = {
  ECONNREFUSED: 'tcp-refused',
  ENOENT: 'tcp-refused',
  EACCES: 'tcp-refused',
  CONNECT_TIMEOUT: 'tcp-timeout',
  EHOSTUNREACH: 'tcp-unreachable',
  ENETUNREACH: 'tcp-unreachable',
  EADDRNOTAVAIL: 'tcp-unreachable',
  ECONNRESET: 'tcp-reset',
  EPIPE: 'tcp-reset',
  SOCKET_CLOSED: 'tcp-reset',
  HEADERS_TIMEOUT: 'health-timeout',
  BODY_TIMEOUT: 'health-timeout',
  ABORTED: undefined,
  UNKNOWN: undefined,
};

/** Codes outside the transport table that name a cause directly: name resolution and TLS. */
const NAMED_CAUSES: Readonly<Record<string, CauseId>> = {
  ENOTFOUND: 'dns-nxdomain',
  EAI_AGAIN: 'dns-resolver-unreachable',
  CERT_HAS_EXPIRED: 'tls-cert-expired',
  CERT_NOT_YET_VALID: 'tls-cert-not-yet-valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls-hostname-mismatch',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls-untrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls-untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls-untrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls-chain-incomplete',
  ERR_SSL_WRONG_VERSION_NUMBER: 'plaintext-to-tls',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'tls-version-mismatch',
};

function isFailureCode(code: string): code is ProbeFailureCode {
  return Object.hasOwn(CAUSE_OF_FAILURE, code);
}

/**
 * The catalog cause an error code names (ECONNREFUSED → tcp-refused), raw or already ours
 * (`CONNECT_TIMEOUT`); any other OpenSSL `ERR_SSL_*`/`ERR_TLS_*` failure is a handshake the two
 * sides could not agree on. Undefined when the code names no cause.
 */
export function causeOfErrorCode(code: string | undefined): CauseId | undefined {
  if (code === undefined) return undefined;
  if (isFailureCode(code)) return CAUSE_OF_FAILURE[code];
  const named = NAMED_CAUSES[code];
  if (named) return named;
  const known = ERROR_CODES[code];
  if (known) return CAUSE_OF_FAILURE[known[0]];
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) return 'tls-version-mismatch';
  return undefined;
}
