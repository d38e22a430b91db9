/**
 * Upstream TLS: an `UpstreamTlsContext` in the cluster's `transport_socket` (possibly wrapped by
 * another socket), in `transport_socket_matches` (selected per endpoint by metadata), or in the
 * v2 cluster field `tls_context`. Envoy verifies the peer only when a validation context supplies
 * a trust anchor (`trusted_ca`, or one delivered by SDS); otherwise it accepts any certificate.
 */
import type { TlsSettings, TlsVersion } from '../../model/index.js';
import { asList, field, has, info, invalid, optBool, optStr, plain, plainField, str, typeName } from './fields.js';
import type { ParseContext } from './fields.js';
import type { YNode } from './yaml-source.js';

const VERSIONS: Readonly<Record<string, TlsVersion | undefined>> = {
  TLS_AUTO: undefined,
  TLSV1_0: 'TLSv1',
  TLSV1_1: 'TLSv1.1',
  TLSV1_2: 'TLSv1.2',
  TLSV1_3: 'TLSv1.3',
};

/** Bound on the search through wrapping transport sockets (proxy_protocol, tap, http_11_proxy...). */
const MAX_WRAP_DEPTH = 8;

/** The UpstreamTlsContext inside a transport socket, looking through wrapper sockets. */
function findTlsContext(socket: YNode | undefined, depth = 0): YNode | undefined {
  if (!socket || depth > MAX_WRAP_DEPTH) return undefined;
  const typed = field(socket, 'typed_config') ?? field(socket, 'config');
  if (typeName(typed)?.endsWith('UpstreamTlsContext')) return typed;
  const name = optStr(socket, 'name', 'transport_socket.name');
  if (typed && typeName(typed) === undefined && (name === 'tls' || name === 'envoy.transport_sockets.tls')) return typed;
  return findTlsContext(field(typed, 'transport_socket'), depth + 1);
}

function version(node: YNode | undefined, what: string): TlsVersion | undefined {
  if (!node) return undefined;
  const text = str(node, what).toUpperCase();
  if (!(text in VERSIONS)) {
    throw invalid(`${what}: unknown value ${JSON.stringify(str(node, what))}; expected one of TLS_AUTO, TLSv1_0, TLSv1_1, TLSv1_2, TLSv1_3`, node.loc);
  }
  return VERSIONS[text];
}

/** A DataSource's file name or inline text. */
function dataSource(node: YNode | undefined): { filename?: string; inline?: string } {
  const filename = optStr(node, 'filename', 'filename');
  const inline = optStr(node, 'inline_string', 'inline_string') ?? optStr(node, 'inline_bytes', 'inline_bytes');
  return { ...(filename !== undefined ? { filename } : {}), ...(inline !== undefined ? { inline } : {}) };
}

/** `{san_type, matcher: {exact: x}}` → `{san_type, exact: x}`: one flat record per SAN rule. */
function flattenTypedSans(node: YNode | undefined, ctx: ParseContext): Record<string, unknown>[] {
  return asList(node, 'match_typed_subject_alt_names', ctx).map((san) => {
    const out: Record<string, unknown> = {};
    if (has(san, 'san_type')) out['san_type'] = plainField(san, 'san_type');
    const matcher = plainField(san, 'matcher');
    if (matcher && typeof matcher === 'object') Object.assign(out, matcher);
    return out;
  });
}

function sanValues(rules: readonly unknown[]): string[] {
  const values: string[] = [];
  for (const rule of rules) {
    if (!rule || typeof rule !== 'object') continue;
    for (const key of ['exact', 'prefix', 'suffix', 'contains']) {
      const value = (rule as Record<string, unknown>)[key];
      if (typeof value === 'string') values.push(value);
    }
  }
  return values;
}

/** Extra facts from the cluster's HttpProtocolOptions: Envoy's auto_sni lives there, not in the TLS context. */
export interface TlsHints {
  readonly autoSni?: boolean;
  readonly autoSanValidation?: boolean;
}

function readContext(context: YNode, hints: TlsHints, ctx: ParseContext): TlsSettings {
  const common = field(context, 'common_tls_context');
  const params = field(common, 'tls_params');
  const combined = field(common, 'combined_validation_context');
  const validation = field(common, 'validation_context') ?? field(combined, 'default_validation_context');
  const validationSds = field(common, 'validation_context_sds_secret_config') ?? field(combined, 'validation_context_sds_secret_config');
  const certificate = asList(field(common, 'tls_certificates'), 'tls_certificates', ctx)[0];
  const certificateSds = asList(field(common, 'tls_certificate_sds_secret_configs'), 'tls_certificate_sds_secret_configs', ctx)[0];
  const trustedCa = dataSource(field(validation, 'trusted_ca'));
  const cert = dataSource(field(certificate, 'certificate_chain'));
  const key = dataSource(field(certificate, 'private_key'));
  const typedSans = flattenTypedSans(field(validation, 'match_typed_subject_alt_names'), ctx);
  const legacySans = asList(field(validation, 'match_subject_alt_names'), 'match_subject_alt_names', ctx).map(plain);
  const sni = optStr(context, 'sni', 'sni');
  const alpn = asList(field(common, 'alpn_protocols'), 'alpn_protocols', ctx).map((p) => str(p, 'alpn_protocols[]'));

  const declared: Record<string, unknown> = {};
  const put = (k: string, v: unknown): void => {
    if (v !== undefined) declared[k] = v;
  };
  put('type_url', plainField(context, '@type'));
  put('sni', sni);
  put('auto_sni', hints.autoSni);
  const autoSniSanValidation = optBool(context, 'auto_sni_san_validation', 'auto_sni_san_validation');
  put('auto_sni_san_validation', autoSniSanValidation);
  put('alpn_protocols', plainField(common, 'alpn_protocols'));
  for (const k of ['tls_minimum_protocol_version', 'tls_maximum_protocol_version', 'cipher_suites', 'ecdh_curves', 'signature_algorithms']) {
    put(k, plainField(params, k));
  }
  put('client_certificate', cert.filename ?? cert.inline);
  put('client_private_key', key.filename ?? key.inline);
  put('client_certificate_sds', certificateSds ? optStr(certificateSds, 'name', 'sds name') : undefined);
  put('trusted_ca', trustedCa.filename ?? trustedCa.inline);
  put('validation_context_sds', validationSds ? optStr(validationSds, 'name', 'sds name') : undefined);
  if (legacySans.length > 0) put('match_subject_alt_names', legacySans);
  if (typedSans.length > 0) put('match_typed_subject_alt_names', typedSans);

  const minVersion = version(field(params, 'tls_minimum_protocol_version'), 'tls_minimum_protocol_version');
  const maxVersion = version(field(params, 'tls_maximum_protocol_version'), 'tls_maximum_protocol_version');
  const ciphers = asList(field(params, 'cipher_suites'), 'cipher_suites', ctx).map((c) => str(c, 'cipher_suites[]'));
  const hasCert = cert.filename !== undefined || cert.inline !== undefined || certificateSds !== undefined;
  const verify = trustedCa.filename !== undefined || trustedCa.inline !== undefined || validationSds !== undefined;
  // Envoy checks the certificate's name only through SAN matchers or SAN-vs-SNI validation.
  const nameChecked = typedSans.length > 0 || legacySans.length > 0 || autoSniSanValidation === true || hints.autoSanValidation === true;
  return {
    ...(sni !== undefined ? { sni } : {}),
    autoSni: hints.autoSni ?? false,
    verify,
    ...(verify && !nameChecked ? { verifyHostname: false } : {}),
    subjectAltNames: [...sanValues(typedSans), ...sanValues(legacySans)],
    ...(trustedCa.filename !== undefined ? { ca: trustedCa.filename } : {}),
    ...(trustedCa.inline !== undefined ? { caInline: trustedCa.inline } : {}),
    ...(hasCert ? { clientCert: { ...(cert.filename ? { cert: cert.filename } : {}), ...(key.filename ? { key: key.filename } : {}) } } : {}),
    ...(minVersion ? { minVersion } : {}),
    ...(maxVersion ? { maxVersion } : {}),
    alpn,
    ...(ciphers.length > 0 ? { ciphers: ciphers.join(':') } : {}),
    declared,
    loc: context.loc,
  };
}

/** The cluster's upstream TLS settings, or undefined when it speaks plaintext. */
export function readUpstreamTls(cluster: YNode, hints: TlsHints, ctx: ParseContext): TlsSettings | undefined {
  for (const match of asList(field(cluster, 'transport_socket_matches'), 'transport_socket_matches', ctx)) {
    const context = findTlsContext(field(match, 'transport_socket'));
    if (context) {
      info(ctx, 'TLS settings taken from transport_socket_matches (chosen per endpoint by metadata)', match.loc);
      return readContext(context, hints, ctx);
    }
  }
  const context = findTlsContext(field(cluster, 'transport_socket')) ?? field(cluster, 'tls_context');
  return context ? readContext(context, hints, ctx) : undefined;
}
