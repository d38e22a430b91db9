/**
 * What a failed TLS handshake means, whatever the Node/OpenSSL version spells it.
 *
 * A received alert appears as `ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE` (Node's code built from
 * OpenSSL's reason string), as `sslv3 alert handshake failure` / `ssl/tls alert handshake
 * failure` (OpenSSL 1.1 vs 3.x reason text), and as `SSL alert number 40` in the message. The
 * alert NUMBER (RFC 8446 §6, RFC 5246 §7.2) is the stable part, so we look for it first, then for
 * the alert name in any of its spellings, then for local (non-alert) reasons. Everything is data.
 */

/** What kind of failure the handshake error is; tls.ts turns kinds into catalog ids. */
export type TlsFailureKind =
  | 'sni-required'
  | 'client-cert'
  | 'handshake-failure'
  | 'version'
  | 'alpn'
  | 'plaintext'
  | 'server-cert-rejected'
  | 'closed'
  | 'other';

/** RFC 8446 §6 / RFC 5246 §7.2 alert descriptions by number (the ones servers actually send). */
export const TLS_ALERTS: Readonly<Record<number, { readonly name: string; readonly kind: TlsFailureKind }>> = {
  10: { name: 'unexpected_message', kind: 'other' },
  20: { name: 'bad_record_mac', kind: 'other' },
  40: { name: 'handshake_failure', kind: 'handshake-failure' },
  42: { name: 'bad_certificate', kind: 'client-cert' },
  43: { name: 'unsupported_certificate', kind: 'client-cert' },
  44: { name: 'certificate_revoked', kind: 'client-cert' },
  45: { name: 'certificate_expired', kind: 'client-cert' },
  46: { name: 'certificate_unknown', kind: 'client-cert' },
  47: { name: 'illegal_parameter', kind: 'other' },
  48: { name: 'unknown_ca', kind: 'client-cert' },
  49: { name: 'access_denied', kind: 'client-cert' },
  50: { name: 'decode_error', kind: 'other' },
  51: { name: 'decrypt_error', kind: 'other' },
  70: { name: 'protocol_version', kind: 'version' },
  71: { name: 'insufficient_security', kind: 'version' },
  80: { name: 'internal_error', kind: 'other' },
  86: { name: 'inappropriate_fallback', kind: 'version' },
  90: { name: 'user_canceled', kind: 'other' },
  109: { name: 'missing_extension', kind: 'other' },
  110: { name: 'unsupported_extension', kind: 'other' },
  112: { name: 'unrecognized_name', kind: 'sni-required' },
  113: { name: 'bad_certificate_status_response', kind: 'other' },
  115: { name: 'unknown_psk_identity', kind: 'other' },
  116: { name: 'certificate_required', kind: 'client-cert' },
  120: { name: 'no_application_protocol', kind: 'alpn' },
};

/** Alert names as OpenSSL words them in reason strings, when they differ from the RFC name. */
const ALERT_NAME_ALIASES: Readonly<Record<string, string>> = {
  user_cancelled: 'user_canceled',
};

/** Local (not received) failures, matched in the lower-cased reason/message. Order matters: first match wins. */
export const LOCAL_REASONS: readonly { readonly match: string; readonly kind: TlsFailureKind }[] = [
  // The peer answered with bytes that are not a TLS record: an HTTP reply ("HTTP/1.1 400"), a banner.
  { match: 'wrong version number', kind: 'plaintext' },
  { match: 'packet length too long', kind: 'plaintext' },
  { match: 'http request', kind: 'plaintext' },
  { match: 'unknown protocol', kind: 'plaintext' },
  { match: 'record layer failure', kind: 'plaintext' },
  { match: 'unexpected eof while reading', kind: 'closed' },
  // No version or cipher both sides accept, found before any alert was sent.
  { match: 'unsupported protocol', kind: 'version' },
  { match: 'no protocols available', kind: 'version' },
  { match: 'version too low', kind: 'version' },
  { match: 'no shared cipher', kind: 'version' },
  { match: 'no ciphers available', kind: 'version' },
  { match: 'no cipher match', kind: 'version' },
  { match: 'no suitable signature algorithm', kind: 'version' },
  { match: 'dh key too small', kind: 'version' },
  { match: 'ee key too small', kind: 'version' },
];

/** Socket-level codes seen when the peer closes in the middle of the handshake. */
const CLOSED_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_SSL_UNEXPECTED_EOF_WHILE_READING']);

export interface TlsFailure {
  readonly kind: TlsFailureKind;
  /** The alert received, when there was one (`handshake_failure`, 40). */
  readonly alert?: { readonly name: string; readonly number: number };
  /** `ERR_SSL_…` or errno code as Node gave it. */
  readonly code: string;
  /** OpenSSL's reason text, or the message's first line. */
  readonly reason: string;
}

const ALERT_NUMBER = /alert number (\d+)/i;
/**
 * `ERR_SSL_SSLV3_ALERT_X`, `ERR_SSL_TLSV1_ALERT_X`, `ERR_SSL_TLSV13_ALERT_X`, `ERR_SSL_SSL/TLS_ALERT_X`,
 * and OpenSSL's alert-less spellings such as `ERR_SSL_TLSV1_UNRECOGNIZED_NAME` (alert 112).
 */
const ALERT_CODE = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV1\d|SSL\/TLS)_(?:ALERT_)?([A-Z0-9_]+)$/;
/** `sslv3 alert handshake failure`, `tlsv13 alert certificate required`, `ssl/tls alert unknown ca`, `tlsv1 unrecognized name`. */
const ALERT_TEXT = /(?:sslv3|tlsv1\d?|ssl\/tls) (?:alert )?([a-z0-9 ]+)/i;

const BY_NAME: ReadonlyMap<string, number> = new Map(Object.entries(TLS_ALERTS).map(([n, a]) => [a.name, Number(n)]));

function alertFromName(raw: string): { name: string; number: number } | undefined {
  const snake = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const name = ALERT_NAME_ALIASES[snake] ?? snake;
  const number = BY_NAME.get(name);
  return number === undefined ? undefined : { name, number };
}

function findAlert(code: string, text: string): { name: string; number: number } | undefined {
  const byNumber = ALERT_NUMBER.exec(text);
  if (byNumber) {
    const number = Number(byNumber[1]);
    const known = TLS_ALERTS[number];
    return { name: known?.name ?? `alert_${number}`, number };
  }
  const byCode = ALERT_CODE.exec(code);
  if (byCode) return alertFromName(byCode[1]!);
  const byText = ALERT_TEXT.exec(text);
  return byText ? alertFromName(byText[1]!) : undefined;
}

/** Classify a handshake error (from `tls.connect`'s 'error' event). */
export function classifyTlsError(err: unknown): TlsFailure {
  const e = (err ?? {}) as { code?: unknown; reason?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'UNKNOWN';
  const message = typeof e.message === 'string' ? e.message : String(err);
  const reason = typeof e.reason === 'string' ? e.reason : (message.split('\n')[0] ?? message);
  const text = `${reason} ${message}`.toLowerCase();
  const alert = findAlert(code, text);
  if (alert) return { kind: TLS_ALERTS[alert.number]?.kind ?? 'other', alert, code, reason };
  const local = LOCAL_REASONS.find((r) => text.includes(r.match) || code.toLowerCase().includes(r.match.replace(/ /g, '_')));
  if (local) return { kind: local.kind, code, reason };
  if (CLOSED_CODES.has(code) || text.includes('socket disconnected') || text.includes('socket hang up')) {
    return { kind: 'closed', code, reason };
  }
  return { kind: 'other', code, reason };
}

/** `alert handshake_failure (40)` or the reason: one short phrase for evidence lines. */
export function describeTlsFailure(f: TlsFailure): string {
  return f.alert ? `alert ${f.alert.name} (${f.alert.number}) [${f.code}]` : `${f.reason} [${f.code}]`;
}

/** Verification results (`socket.authorizationError`, X509_V_ERR_* names) → what they mean for the gateway. */
export type VerifyKind = 'expired' | 'not-yet-valid' | 'untrusted' | 'chain-incomplete' | 'other';

export const VERIFY_ERRORS: Readonly<Record<string, VerifyKind>> = {
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'untrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted',
  CERT_UNTRUSTED: 'untrusted',
  CERT_REJECTED: 'untrusted',
  CERT_SIGNATURE_FAILURE: 'untrusted',
  INVALID_CA: 'untrusted',
  // "unable to verify the first certificate": the leaf's issuer is neither sent nor trusted.
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'chain-incomplete',
};

export function classifyVerifyError(code: string): VerifyKind {
  return VERIFY_ERRORS[code] ?? 'other';
}
