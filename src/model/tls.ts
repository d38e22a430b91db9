import type { SourceLocation } from './location.js';

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

/** How the gateway speaks TLS to a group's targets. Absent on a group = plaintext. */
export interface TlsSettings {
  /** Server name sent as SNI; undefined = none sent (nginx default: `proxy_ssl_server_name off`). */
  readonly sni?: string;
  /** Envoy `auto_sni` / uh default: send the target's host as SNI. */
  readonly autoSni: boolean;
  /** Whether the gateway verifies the peer certificate (nginx default off; Envoy: only with validation_context). */
  readonly verify: boolean;
  /** The name the certificate is verified against (nginx `proxy_ssl_name`; default: sni or host). */
  readonly verifyName?: string;
  /**
   * False when the gateway verifies the chain but not the name: Envoy with a trusted CA but no
   * SAN matcher and no `auto_sni_san_validation` accepts any name. Undefined = the name is checked.
   */
  readonly verifyHostname?: boolean;
  /** Subject alt names the gateway accepts (Envoy `match_subject_alt_names`), values as written. */
  readonly subjectAltNames: readonly string[];
  /** Trust store file; undefined = the system's (unless `trustStoreMissing`). */
  readonly ca?: string;
  /**
   * Verification is on but the gateway has no trust store and uses none by default: nginx
   * `proxy_ssl_verify on` without `proxy_ssl_trusted_certificate`, which nginx refuses at start
   * ("no proxy_ssl_trusted_certificate for proxy_ssl_verify"). The verify directive and its place.
   */
  readonly trustStoreMissing?: { readonly directive: string; readonly loc: SourceLocation };
  /** Inline PEM trust store (Envoy `trusted_ca.inline_string`). */
  readonly caInline?: string;
  /** Client certificate the gateway presents (mTLS). */
  readonly clientCert?: { readonly cert?: string; readonly key?: string };
  readonly minVersion?: TlsVersion;
  readonly maxVersion?: TlsVersion;
  /** ALPN protocols offered, e.g. ['h2', 'http/1.1']. */
  readonly alpn: readonly string[];
  readonly ciphers?: string;
  /** What the file wrote, keys snake_case, for inspect and the corpus tests. */
  readonly declared: Readonly<Record<string, unknown>>;
  readonly loc: SourceLocation;
}
