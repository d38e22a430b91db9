import type { CauseId } from '../diagnosis/catalog.js';
import type { AttemptOutcome } from './retry.js';

export interface ClassifiedFailure {
  readonly outcome: AttemptOutcome;
  readonly cause: CauseId;
  readonly message: string;
}

/** Codes meaning "never reached the target": nothing was sent, so a retry elsewhere is always safe. */
const CONNECT_CAUSES: Readonly<Record<string, CauseId>> = {
  ECONNREFUSED: 'tcp-refused',
  UND_ERR_CONNECT_TIMEOUT: 'tcp-timeout',
  ETIMEDOUT: 'tcp-timeout',
  EHOSTUNREACH: 'tcp-unreachable',
  ENETUNREACH: 'tcp-unreachable',
  EADDRNOTAVAIL: 'tcp-unreachable',
  ENOTFOUND: 'dns-nxdomain',
  EAI_AGAIN: 'dns-resolver-unreachable',
  ENOENT: 'tcp-refused',
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

/** The catalog cause a failure code names, when it names one (ECONNREFUSED → tcp-refused). */
export function causeOfCode(code: string | undefined): CauseId | undefined {
  return code === undefined ? undefined : CONNECT_CAUSES[code];
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UH_TRY_TIMEOUT']);

/** The first `code` along the `cause` chain (undici wraps socket errors), bounded. */
export function errorCodeOf(err: unknown): string {
  let cur: unknown = err;
  for (let depth = 0; depth < 5 && cur instanceof Error; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  const top = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof top === 'string' ? top : 'UNKNOWN';
}

/**
 * Map an upstream attempt's error to a retry outcome and a catalog cause id, so the 502/504 body
 * names the same cause `diagnose` would. Matching is on `code`, never `instanceof`: Node's bundled
 * undici is a different copy from ours.
 */
export function classifyFailure(err: unknown): ClassifiedFailure {
  const code = errorCodeOf(err);
  const message = `${code}: ${err instanceof Error ? err.message : String(err)}`;
  const connectCause = CONNECT_CAUSES[code] ?? (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') ? 'tls-version-mismatch' : undefined);
  if (connectCause) return { outcome: { kind: 'connect', code }, cause: connectCause, message };
  if (TIMEOUT_CODES.has(code)) return { outcome: { kind: 'timeout', code }, cause: 'health-timeout', message };
  return { outcome: { kind: 'reset', code }, cause: 'tcp-reset', message };
}
