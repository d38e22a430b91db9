/**
 * What HTTP version Envoy speaks upstream. v3 says it in `typed_extension_protocol_options`
 * (`envoy.extensions.upstreams.http.v3.HttpProtocolOptions`: `explicit_http_config`,
 * `auto_config` — ALPN over TLS, else HTTP/1.1 — or `use_downstream_protocol_config`); older
 * configs use the cluster-level `http2_protocol_options` field. Without either: HTTP/1.1.
 */
import type { Protocol } from '../../model/index.js';
import { field, has, optBool, optDurationMs, plainField, typeName, warn } from './fields.js';
import type { ParseContext } from './fields.js';
import type { YNode } from './yaml-source.js';

/** The HTTP version Envoy is configured to use, as a short label kept in group params. */
export type UpstreamProtocolLabel = 'http1' | 'http2' | 'http3' | 'auto' | 'downstream';

export interface ProtocolFacts {
  readonly label?: UpstreamProtocolLabel;
  /** `upstream_http_protocol_options.auto_sni`. */
  readonly autoSni?: boolean;
  /** `upstream_http_protocol_options.auto_san_validation`: verify the certificate against the SNI sent. */
  readonly autoSanValidation?: boolean;
  readonly idleMs?: number;
  /** Derived settings for group params, values as written. */
  readonly params: Record<string, unknown>;
}

/** The HttpProtocolOptions and EpSpecificHttpProtocolOptions entries, found by their `@type` (or key). */
function httpProtocolOptions(cluster: YNode): { node?: YNode; ep?: YNode } {
  const options = field(cluster, 'typed_extension_protocol_options');
  const found: { node?: YNode; ep?: YNode } = {};
  if (!options || options.kind !== 'map') return found;
  for (const entry of options.entries) {
    const type = typeName(entry.value) ?? entry.rawKey;
    if (type.endsWith('EpSpecificHttpProtocolOptions')) found.ep = entry.value;
    else if (type.endsWith('upstreams.http.v3.HttpProtocolOptions') || entry.rawKey === 'envoy.upstreams.http.http_protocol_options') {
      found.node = entry.value;
    }
  }
  return found;
}

function explicitLabel(config: YNode | undefined): UpstreamProtocolLabel | undefined {
  if (field(config, 'http2_protocol_options')) return 'http2';
  if (field(config, 'http3_protocol_options')) return 'http3';
  if (field(config, 'http_protocol_options')) return 'http1';
  return undefined;
}

/** Read the cluster's HTTP protocol settings (not yet tied to TLS: see `protocolFor`). */
export function readProtocol(cluster: YNode, ctx: ParseContext): ProtocolFacts {
  const params: Record<string, unknown> = {};
  const { node, ep } = httpProtocolOptions(cluster);
  let label: UpstreamProtocolLabel | undefined;
  let autoSni: boolean | undefined;
  let autoSanValidation: boolean | undefined;
  let idleMs: number | undefined;
  if (ep) params['ep_specific_options'] = plainField(ep, 'ep_specific_options');
  if (node) {
    const explicit = field(node, 'explicit_http_config');
    if (explicit) label = explicitLabel(explicit);
    else if (field(node, 'auto_config')) label = 'auto';
    else if (field(node, 'use_downstream_protocol_config')) label = 'downstream';
    const upstream = field(node, 'upstream_http_protocol_options');
    autoSni = optBool(upstream, 'auto_sni', 'upstream_http_protocol_options.auto_sni');
    autoSanValidation = optBool(upstream, 'auto_san_validation', 'upstream_http_protocol_options.auto_san_validation');
    const common = field(node, 'common_http_protocol_options');
    idleMs = optDurationMs(common, 'idle_timeout', 'common_http_protocol_options.idle_timeout');
    if (has(common, 'idle_timeout')) params['idle_timeout'] = plainField(common, 'idle_timeout');
    if (has(common, 'max_requests_per_connection')) {
      params['max_requests_per_connection'] = plainField(common, 'max_requests_per_connection');
    }
    const h2 = field(explicit, 'http2_protocol_options') ?? field(field(node, 'auto_config'), 'http2_protocol_options');
    if (has(h2, 'connection_keepalive')) params['http2_connection_keepalive'] = plainField(h2, 'connection_keepalive');
  }
  if (label === undefined) {
    if (field(cluster, 'http2_protocol_options')) label = 'http2';
    else if (field(cluster, 'http_protocol_options')) label = 'http1';
  }
  if (label === 'http3') warn(ctx, 'HTTP/3 upstream (http3_protocol_options) is not probed as QUIC: uh probes it as h2', cluster.loc);
  if (idleMs === undefined && has(field(cluster, 'common_http_protocol_options'), 'idle_timeout')) {
    idleMs = optDurationMs(field(cluster, 'common_http_protocol_options'), 'idle_timeout', 'common_http_protocol_options.idle_timeout');
  }
  if (label !== undefined) params['upstream_protocol'] = label;
  return {
    ...(label ? { label } : {}),
    ...(autoSni !== undefined ? { autoSni } : {}),
    ...(autoSanValidation !== undefined ? { autoSanValidation } : {}),
    ...(idleMs !== undefined ? { idleMs } : {}),
    params,
  };
}

/**
 * The model protocol: HTTP/2 is `h2` over TLS (ALPN) and `h2c` (prior knowledge) in plaintext.
 * `auto` offers h2 and http/1.1 by ALPN and falls back, so it is HTTP/1.1 with h2 in the ALPN list.
 */
export function protocolFor(label: UpstreamProtocolLabel | undefined, tls: boolean): Protocol {
  if (label === 'http2' || label === 'http3') return tls ? 'h2' : 'h2c';
  return 'http1';
}
