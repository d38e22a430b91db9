import type { UpstreamGroup } from '../model/group.js';
import type { ActiveHealthCheck } from '../model/health.js';
import type { Target } from '../model/target.js';
import { effectivePort } from '../model/target.js';
import type { TlsSettings } from '../model/tls.js';

type Obj = Record<string, unknown>;

/** Envoy Duration in proto3 JSON/YAML: seconds with an `s` suffix (`0.25s`). */
export function envoyDuration(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}

const LB_POLICY: Readonly<Record<string, string>> = {
  round_robin: 'ROUND_ROBIN',
  least_request: 'LEAST_REQUEST',
  p2c: 'LEAST_REQUEST',
  random: 'RANDOM',
  hash: 'RING_HASH',
  ip_hash: 'RING_HASH',
};

/**
 * One group as an envoy.config.cluster.v3.Cluster: STATIC or STRICT_DNS, load_assignment
 * (backups at priority 1, `down` as DRAINING), health_checks, outlier_detection (passive),
 * UpstreamTlsContext, HTTP/2 protocol options, circuit breakers with the retry budget, and
 * the panic threshold (0 = fail closed).
 */
export function cluster(group: UpstreamGroup, notes: string[]): Obj {
  const dns = group.targets.some((t) => t.resolve);
  const lb = LB_POLICY[group.balance];
  if (!lb) notes.push(`${group.name}: balance ${group.balance.replace(/^other:/, '')} has no Envoy lb_policy here; ROUND_ROBIN`);
  if (group.balance === 'p2c') notes.push(`${group.name}: p2c is Envoy LEAST_REQUEST (power of two choices by default)`);
  const out: Obj = {
    name: group.name,
    type: dns ? 'STRICT_DNS' : 'STATIC',
    connect_timeout: envoyDuration(group.timeouts.connectMs ?? 1000),
    lb_policy: lb ?? 'ROUND_ROBIN',
    load_assignment: { cluster_name: group.name, endpoints: localities(group, notes) },
  };
  if (group.health.active) out.health_checks = [healthCheck(group.health.active, group.name, notes)];
  const p = group.health.passive;
  if (p) {
    out.outlier_detection = {
      consecutive_5xx: p.maxFailures,
      interval: envoyDuration(p.failureWindowMs),
      base_ejection_time: envoyDuration(p.ejectForMs),
      max_ejection_percent: p.maxEjectedPercent,
    };
  }
  const thresholds: Obj = {};
  if (group.maxRequests !== undefined) thresholds.max_requests = group.maxRequests;
  if (group.retries) thresholds.retry_budget = { budget_percent: { value: Math.round(group.retries.budget * 1000) / 10 } };
  if (Object.keys(thresholds).length > 0) out.circuit_breakers = { thresholds: [{ priority: 'DEFAULT', ...thresholds }] };
  if (group.onAllUnhealthy === 'fail_closed') out.common_lb_config = { healthy_panic_threshold: { value: 0 } };
  const h2 = group.protocol === 'h2' || group.protocol === 'h2c' || group.protocol === 'grpc';
  const autoSni = group.tls !== undefined && group.tls.sni === undefined && group.tls.autoSni && dns;
  if (h2 || autoSni) {
    out.typed_extension_protocol_options = {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
        '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
        ...(autoSni ? { upstream_http_protocol_options: { auto_sni: true } } : {}),
        explicit_http_config: h2 ? { http2_protocol_options: {} } : { http_protocol_options: {} },
      },
    };
  }
  if (group.tls) out.transport_socket = transportSocket(group.tls, group.protocol);
  if (group.sticky) notes.push(`${group.name}: sticky sessions (${group.sticky.learn}) need Envoy's stateful_session filter; not exported`);
  if (group.circuitBreaker) notes.push(`${group.name}: the failure-ratio circuit breaker maps to outlier_detection in Envoy; only passive settings are exported`);
  return out;
}

function localities(group: UpstreamGroup, notes: string[]): Obj[] {
  const endpoint = (t: Target): Obj | undefined => {
    const port = effectivePort(t);
    if (t.socket === 'inet' && port === undefined) {
      notes.push(`${group.name}: target ${t.address} has no port; left out`);
      return undefined;
    }
    const address = t.socket === 'unix' ? { pipe: { path: t.host } } : { socket_address: { address: t.host, port_value: port } };
    return {
      endpoint: { address },
      ...(t.weight !== undefined ? { load_balancing_weight: Math.max(1, t.weight) } : {}),
      ...(t.down ? { health_status: 'DRAINING' } : {}),
    };
  };
  if (group.targets.some((t) => t.weight === 0)) notes.push(`${group.name}: Envoy weights start at 1; weight 0 became 1`);
  const primary = group.targets.filter((t) => !t.backup).map(endpoint).filter((e): e is Obj => e !== undefined);
  const backup = group.targets.filter((t) => t.backup).map(endpoint).filter((e): e is Obj => e !== undefined);
  return [
    ...(primary.length > 0 ? [{ lb_endpoints: primary }] : []),
    ...(backup.length > 0 ? [{ priority: 1, lb_endpoints: backup }] : []),
  ];
}

function healthCheck(a: ActiveHealthCheck, group: string, notes: string[]): Obj {
  const base: Obj = {
    timeout: envoyDuration(a.timeoutMs),
    interval: envoyDuration(a.intervalMs),
    unhealthy_threshold: a.fall,
    healthy_threshold: a.rise,
    ...(a.unhealthyIntervalMs !== undefined ? { unhealthy_interval: envoyDuration(a.unhealthyIntervalMs) } : {}),
    ...(a.jitter !== undefined ? { interval_jitter_percent: Math.round(a.jitter * 100) } : {}),
  };
  if (a.type === 'tcp') return { ...base, tcp_health_check: {} };
  if (a.type === 'grpc') return { ...base, grpc_health_check: { ...(a.grpcService ? { service_name: a.grpcService } : {}) } };
  if (a.type === 'mcp') notes.push(`${group}: Envoy has no MCP check; an HTTP GET of ${a.path ?? '/'} stands in`);
  const http: Obj = { path: a.path ?? '/' };
  if (a.host !== undefined) http.host = a.host;
  if (a.method !== undefined && a.method !== 'GET') http.method = a.method;
  if (a.expectStatus.length > 0) http.expected_statuses = a.expectStatus.map((r) => ({ start: r.from, end: r.to + 1 }));
  if (a.expectBody?.kind === 'substring') http.receive = [{ text: Buffer.from(a.expectBody.value).toString('hex') }];
  else if (a.expectBody) notes.push(`${group}: Envoy matches health bodies by bytes only; the regular expression is not exported`);
  return { ...base, http_health_check: http };
}

const ENVOY_TLS: Readonly<Record<string, string>> = { TLSv1: 'TLSv1_0', 'TLSv1.1': 'TLSv1_1', 'TLSv1.2': 'TLSv1_2', 'TLSv1.3': 'TLSv1_3' };

function transportSocket(tls: TlsSettings, protocol: string): Obj {
  const common: Obj = {};
  if (tls.verify) {
    common.validation_context = {
      trusted_ca: { filename: tls.ca ?? '/etc/ssl/certs/ca-certificates.crt' },
      ...(tls.verifyName ?? tls.sni ? { match_typed_subject_alt_names: [{ san_type: 'DNS', matcher: { exact: tls.verifyName ?? tls.sni } }] } : {}),
    };
  }
  const params: Obj = {};
  if (tls.minVersion) params.tls_minimum_protocol_version = ENVOY_TLS[tls.minVersion];
  if (tls.maxVersion) params.tls_maximum_protocol_version = ENVOY_TLS[tls.maxVersion];
  if (Object.keys(params).length > 0) common.tls_params = params;
  const alpn = tls.alpn.length > 0 ? tls.alpn : protocol === 'h2' || protocol === 'grpc' ? ['h2'] : [];
  if (alpn.length > 0) common.alpn_protocols = [...alpn];
  if (tls.clientCert?.cert && tls.clientCert.key) {
    common.tls_certificates = [{ certificate_chain: { filename: tls.clientCert.cert }, private_key: { filename: tls.clientCert.key } }];
  }
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
      ...(tls.sni !== undefined ? { sni: tls.sni } : {}),
      common_tls_context: common,
    },
  };
}
