/**
 * Every code a probe may put in `ProbeResult.code`: a closed union, so a consumer can switch on it
 * and a probe cannot invent a spelling. Codes relayed from the platform (an errno, an undici
 * `UND_ERR_*`) go through `relayCode` first; only OpenSSL's own names pass through as they are,
 * because OpenSSL has hundreds and uh reads them by prefix (`ERR_SSL_…`) or by `VERIFY_ERRORS`.
 */
import type { ProbeFailureCode } from './failure-codes.js';
import { classifyError } from './failure-codes.js';
import type { ServingStatus } from './grpc-wire.js';
import type { GRPC_STATUS } from './grpc-wire.js';

export type { ProbeFailureCode } from './failure-codes.js';

/** dns-packet's rcode names (RFC 1035 §4.1.1, RFC 2136), `RCODE_n` for the unnamed ones. */
export type DnsRcode =
  | 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED'
  | 'YXDOMAIN' | 'YXRRSET' | 'NXRRSET' | 'NOTAUTH' | 'NOTZONE' | `RCODE_${number}`;
export type DnsCode = DnsRcode | 'NODATA' | 'DNS_TIMEOUT';

const RCODE_NAMES: ReadonlySet<string> = new Set([
  'NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE',
]);

/** dns-packet's rcode text (a name, `RCODE_n`, or the bare number when the packet had no name for it) as a DnsRcode. */
export function dnsRcode(text: string): DnsRcode {
  if (RCODE_NAMES.has(text)) return text as DnsRcode;
  const n = /^(?:RCODE_)?(\d{1,2})$/.exec(text)?.[1];
  return `RCODE_${n === undefined ? 15 : Number(n)}`;
}

/** OpenSSL's and Node's TLS spellings, relayed verbatim (`ERR_SSL_TLSV1_ALERT_…`, X509 verify names). */
export type OpenSslCode = `ERR_SSL_${string}` | `ERR_TLS_${string}` | `ERR_OSSL_${string}` | X509VerifyCode;
/** `socket.authorizationError` names uh may see (OpenSSL's X509_V_ERR_* without the prefix). */
export const X509_VERIFY_CODES = [
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED', 'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE', 'INVALID_CA', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_REVOKED', 'CERT_CHAIN_TOO_LONG',
  'PATH_LENGTH_EXCEEDED', 'INVALID_PURPOSE', 'HOSTNAME_MISMATCH', 'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', 'ERROR_IN_CERT_NOT_BEFORE_FIELD', 'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'UNABLE_TO_GET_CRL', 'CRL_HAS_EXPIRED', 'CRL_NOT_YET_VALID', 'CRL_SIGNATURE_FAILURE',
] as const;
export type X509VerifyCode = (typeof X509_VERIFY_CODES)[number];

export type TlsCode = OpenSslCode | 'PLAINTEXT_TO_TLS' | 'TLS_CONFIG_UNREADABLE' | 'TLS_HANDSHAKE_TIMEOUT' | 'CERT_EXPIRING';
export type HttpCode = 'HTTP_STATUS' | 'HEADERS_TIMEOUT' | 'NOT_HTTP' | 'CLOSED' | 'ERROR';
export type H2Code = 'H2_UNSUPPORTED' | 'H2_ONLY' | 'NOT_HTTP' | 'NO_ANSWER';
/** `GRPC_UNIMPLEMENTED`: a gRPC status other than OK on the health call. */
export type GrpcStatusCode = `GRPC_${(typeof GRPC_STATUS)[number] | 'UNKNOWN_CODE'}`;
export type GrpcCode = 'ALPN' | 'DEADLINE_EXCEEDED' | 'NOT_GRPC' | 'SLOW' | 'BAD_RESPONSE' | ServingStatus | GrpcStatusCode;
export type McpCode = 'MCP_VERSION' | 'MCP_NO_VERSION' | 'MCP_RPC_ERROR' | 'MCP_NOT_JSONRPC' | 'MCP_LEGACY_SSE';

export type ProbeResultCode = ProbeFailureCode | DnsCode | TlsCode | HttpCode | H2Code | GrpcCode | McpCode;

const X509: ReadonlySet<string> = new Set(X509_VERIFY_CODES);

export function isOpenSslCode(raw: string): raw is OpenSslCode {
  return raw.startsWith('ERR_SSL_') || raw.startsWith('ERR_TLS_') || raw.startsWith('ERR_OSSL_') || X509.has(raw);
}

/**
 * A platform code (`err.code` as Node or undici raised it) in uh's vocabulary: an errno or
 * `UND_ERR_*` by the one table in failure-codes.ts, an OpenSSL name as it is, else `UNKNOWN`
 * (the raw code stays in the message and the evidence).
 */
export function relayCode(raw: string | undefined): ProbeFailureCode | OpenSslCode {
  if (raw === undefined) return 'UNKNOWN';
  if (isOpenSslCode(raw)) return raw;
  return classifyError({ code: raw }).code;
}
