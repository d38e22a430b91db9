/**
 * The word or two the flow grid shows beside a failed or warning layer: what a reader acts on at
 * a glance (`refused`, `expired`, `404`). Keyed by cause id; a cause not listed shows its id
 * without the layer prefix, so a new catalog entry is never unlabelled.
 */
import type { CauseId } from '../../causes/catalog.js';

export const FLOW_LABELS: Partial<Record<CauseId, string>> = {
  'dns-nxdomain': 'nxdomain',
  'dns-no-answer': 'no address',
  'dns-resolver-unreachable': 'resolver down',
  'dns-inconsistent': 'inconsistent',
  'tcp-refused': 'refused',
  'tcp-timeout': 'timeout',
  'tcp-unreachable': 'unreachable',
  'tcp-reset': 'reset',
  'tls-cert-expired': 'expired',
  'tls-cert-not-yet-valid': 'not yet valid',
  'tls-cert-expiring': 'expiring',
  'tls-hostname-mismatch': 'wrong name',
  'tls-untrusted': 'untrusted',
  'tls-chain-incomplete': 'no chain',
  'tls-sni-required': 'needs SNI',
  'tls-client-cert-required': 'needs mTLS',
  'tls-version-mismatch': 'no common version',
  'tls-to-plaintext': 'plain text',
  'plaintext-to-tls': 'speaks TLS',
  'health-body-mismatch': 'body',
  'health-timeout': 'no answer',
  'health-timeout-too-short': 'slow',
  'upstream-overloaded': 'overloaded',
  'upstream-flapping': 'flapping',
  'protocol-not-http': 'not HTTP',
  'protocol-h2-unsupported': 'no h2',
  'protocol-http1-to-h2-only': 'h2 only',
  'protocol-grpc-not-serving': 'not serving',
  'protocol-mcp-version-mismatch': 'version',
  'protocol-mcp-handshake-failed': 'handshake',
};

/** Causes whose label is better said as the HTTP status the check got (404, 401, 503). */
const STATUS_CAUSES: ReadonlySet<CauseId> = new Set<CauseId>(['health-path-not-found', 'health-auth-required', 'health-status-mismatch']);

export function flowLabel(cause: CauseId, status: number | undefined): string {
  if (STATUS_CAUSES.has(cause) && status !== undefined) return String(status);
  return FLOW_LABELS[cause] ?? cause.replace(/^(config|dns|tcp|tls|health|upstream|protocol|gateway)-/, '');
}
