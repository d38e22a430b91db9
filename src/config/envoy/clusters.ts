/**
 * An Envoy cluster (envoy.config.cluster.v3.Cluster) → an UpstreamGroup. Discovery follows the
 * cluster type: STATIC lists addresses, STRICT_DNS/LOGICAL_DNS re-resolve names on
 * `dns_refresh_rate`, EDS/ORIGINAL_DST and `cluster_type` extensions (aggregate...) get their
 * hosts at run time, so the file does not hold them.
 */
import type { ActiveHealthCheck, BalancePolicy, Discovery, GroupLimits, Target, UpstreamGroup } from '../../model/index.js';
import { templatePlaceholder } from '../../model/index.js';
import { readDnsResolvers } from './dns.js';
import { configSourcePath, readEdsFile } from './xds-files.js';
import { readLegacyHosts, readLoadAssignment } from './endpoints.js';
import { asList, enumName, field, has, info, invalid, optDurationMs, optStr, optUint32, plain, plainField, str } from './fields.js';
import type { ParseContext } from './fields.js';
import { readHealthChecks, readOutlierDetection } from './health-checks.js';
import { protocolFor, readProtocol } from './protocol.js';
import { readUpstreamTls } from './tls.js';
import type { YMap, YNode } from './yaml-source.js';

/** envoy.config.cluster.v3.Cluster.DiscoveryType, in proto number order. */
const CLUSTER_TYPES = ['STATIC', 'STRICT_DNS', 'LOGICAL_DNS', 'EDS', 'ORIGINAL_DST'] as const;
/** Cluster.LbPolicy in proto number order (4 was v2's ORIGINAL_DST_LB). */
const LB_POLICIES = [
  'ROUND_ROBIN',
  'LEAST_REQUEST',
  'RING_HASH',
  'RANDOM',
  'ORIGINAL_DST_LB',
  'MAGLEV',
  'CLUSTER_PROVIDED',
  'LOAD_BALANCING_POLICY_CONFIG',
] as const;
const DNS_LOOKUP_FAMILIES = ['AUTO', 'V4_ONLY', 'V6_ONLY', 'V4_PREFERRED', 'ALL'] as const;
/** Envoy's default connect_timeout. */
const DEFAULT_CONNECT_MS = 5000;

/** Fields read into typed model fields; everything else goes to params as written. */
const CONSUMED = new Set([
  '@type',
  'name',
  'type',
  'cluster_type',
  'load_assignment',
  'hosts',
  'health_checks',
  'outlier_detection',
  'transport_socket',
  'transport_socket_matches',
  'tls_context',
  'connect_timeout',
  'typed_extension_protocol_options',
  'http2_protocol_options',
  'http_protocol_options',
  'eds_cluster_config',
  'load_balancing_policy',
  'upstream_connection_options',
]);

const BALANCE: Readonly<Record<string, BalancePolicy>> = {
  ROUND_ROBIN: 'round_robin',
  LEAST_REQUEST: 'least_request',
  RANDOM: 'random',
  RING_HASH: 'hash',
};

function discoveryOf(type: string | undefined, extension: boolean): Discovery {
  if (extension || type === 'EDS' || type === 'ORIGINAL_DST') return 'dynamic';
  if (type === 'STRICT_DNS' || type === 'LOGICAL_DNS') return 'dns-refresh';
  return 'static';
}

/** The first policy of `load_balancing_policy` (the typed-extension LB API) by extension name. */
function typedPolicy(cluster: YNode, ctx: ParseContext): string | undefined {
  const first = asList(field(field(cluster, 'load_balancing_policy'), 'policies'), 'load_balancing_policy.policies', ctx)[0];
  return optStr(field(first, 'typed_extension_config'), 'name', 'typed_extension_config.name');
}

function balanceOf(lbPolicy: string | undefined, policyName: string | undefined): BalancePolicy {
  if (policyName !== undefined) {
    const short = policyName.replace(/^envoy\.load_balancing_policies\./, '');
    return BALANCE[short.toUpperCase()] ?? `other:${policyName}`;
  }
  return BALANCE[lbPolicy ?? 'ROUND_ROBIN'] ?? `other:${lbPolicy}`;
}

/** Settings derived from nested fields, kept in params under flat names. */
function derivedParams(cluster: YNode, policyName: string | undefined): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const clusterType = field(cluster, 'cluster_type');
  if (clusterType) {
    params['cluster_type'] = plainField(clusterType, 'name');
    const clusters = plainField(field(clusterType, 'typed_config'), 'clusters');
    if (clusters !== undefined) params['aggregate_clusters'] = clusters;
  }
  const eds = field(cluster, 'eds_cluster_config');
  if (has(eds, 'service_name')) params['eds_service_name'] = plainField(eds, 'service_name');
  const edsPath = field(field(eds, 'eds_config'), 'path') ?? field(field(field(eds, 'eds_config'), 'path_config_source'), 'path');
  if (edsPath) params['eds_config_path'] = plain(edsPath);
  if (policyName !== undefined) params['load_balancing_policy'] = policyName;
  const keepalive = field(field(cluster, 'upstream_connection_options'), 'tcp_keepalive');
  if (keepalive) params['tcp_keepalive'] = plain(keepalive);
  return params;
}

/** The DEFAULT-priority circuit-breaker threshold, when declared. */
function defaultThreshold(cluster: YNode, ctx: ParseContext): YNode | undefined {
  for (const threshold of asList(field(field(cluster, 'circuit_breakers'), 'thresholds'), 'circuit_breakers.thresholds', ctx)) {
    const priority = field(threshold, 'priority');
    if (priority && enumName(priority, ['DEFAULT', 'HIGH'], 'circuit_breakers.thresholds.priority') !== 'DEFAULT') continue;
    return threshold;
  }
  return undefined;
}

/** `max_requests` of the DEFAULT-priority circuit-breaker threshold, when declared. */
function maxRequestsOf(cluster: YNode, ctx: ParseContext): number | undefined {
  return optUint32(defaultThreshold(cluster, ctx), 'max_requests', 'circuit_breakers.thresholds.max_requests');
}

/** The cluster-wide caps the DEFAULT threshold writes (Envoy's defaults for the rest are applied by serve). */
function limitsOf(cluster: YNode, ctx: ParseContext): GroupLimits | undefined {
  const t = defaultThreshold(cluster, ctx);
  if (!t) return undefined;
  const what = 'circuit_breakers.thresholds';
  const limits: Record<string, number> = {};
  const read = (key: string, as: keyof GroupLimits): void => {
    const v = optUint32(t, key, `${what}.${key}`);
    if (v !== undefined) limits[as] = v;
  };
  read('max_connections', 'maxConnections');
  read('max_pending_requests', 'maxPendingRequests');
  read('max_requests', 'maxRequests');
  read('max_retries', 'maxRetries');
  return Object.keys(limits).length > 0 ? limits : undefined;
}

/** Envoy's panic threshold (default 50%): with every host unhealthy it balances over all of them. */
function onAllUnhealthyOf(cluster: YNode): 'fail_open' | 'fail_closed' {
  const threshold = field(field(cluster, 'common_lb_config'), 'healthy_panic_threshold');
  const value = threshold?.kind === 'map' ? field(threshold, 'value') : threshold;
  return value?.kind === 'scalar' && Number(value.value) === 0 ? 'fail_closed' : 'fail_open';
}

/** Members of an EDS cluster whose endpoints come from a file, or undefined when they do not. */
function fileEdsTargets(cluster: YNode, name: string, ctx: ParseContext): Target[] | undefined {
  const eds = field(cluster, 'eds_cluster_config');
  const source = field(eds, 'eds_config');
  const written = configSourcePath(source, 'eds_config');
  if (written === undefined || !source) return undefined;
  return readEdsFile(written, optStr(eds, 'service_name', 'eds_cluster_config.service_name') ?? name, source, ctx);
}

function readTargets(cluster: YNode, type: string | undefined, discovery: Discovery, ctx: ParseContext): Target[] {
  const resolve = discovery === 'dns-refresh';
  if (discovery === 'dynamic') {
    if (has(cluster, 'load_assignment')) info(ctx, `${type ?? 'dynamic'} cluster: load_assignment is ignored by Envoy`, cluster.loc);
    return [];
  }
  const assignment = field(cluster, 'load_assignment');
  if (assignment && has(cluster, 'load_assignment')) return readLoadAssignment(assignment, resolve, ctx);
  const hosts = field(cluster, 'hosts');
  if (hosts) return readLegacyHosts(hosts, resolve, ctx);
  return [];
}

/**
 * Envoy's effective check for this cluster: an http check without `host` sends the cluster name
 * as Host, and members may move the check to another port (`health_check_config.port_value`).
 */
function effectiveCheck(active: ActiveHealthCheck | undefined, name: string, targets: readonly Target[], ctx: ParseContext): ActiveHealthCheck | undefined {
  if (!active) return undefined;
  const withHost = active.type === 'http' && active.host === undefined ? { ...active, host: name } : active;
  const ports = new Set(targets.map((t) => (t.params['health_check_config'] as { port_value?: unknown } | undefined)?.port_value));
  if (ports.size !== 1) {
    if (ports.size > 1) info(ctx, `cluster ${name}: members set different health-check ports (health_check_config): uh checks their traffic ports`, active.loc);
    return withHost;
  }
  const port = [...ports][0];
  return typeof port === 'number' ? { ...withHost, port } : withHost;
}

/** `connect_timeout` and `idle_timeout` as written (a `{seconds, nanos}` form as its JSON text). */
function declaredTimeouts(cluster: YNode, protoParams: Record<string, unknown>): { declared?: Record<string, string> } {
  const declared: Record<string, string> = {};
  const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
  if (has(cluster, 'connect_timeout')) declared['connect_timeout'] = asText(plainField(cluster, 'connect_timeout'));
  if (protoParams['idle_timeout'] !== undefined) declared['idle_timeout'] = asText(protoParams['idle_timeout']);
  return Object.keys(declared).length > 0 ? { declared } : {};
}

/** Extra params for the group (e.g. config-dump `version_info`/`last_updated`). */
export interface ClusterExtras {
  readonly params?: Record<string, unknown>;
}

/** The cluster's discovery type: `type` (any case, default STATIC) or a `cluster_type` extension. */
function kindOf(cluster: YMap, name: string): { type?: string; written?: string; discovery: Discovery } {
  const typeNode = field(cluster, 'type');
  const type = typeNode && has(cluster, 'type') ? enumName(typeNode, CLUSTER_TYPES, `cluster ${name}: type`) : undefined;
  const extension = has(cluster, 'cluster_type');
  return {
    ...(type !== undefined ? { type, written: String(plain(typeNode!)) } : {}),
    discovery: discoveryOf(type ?? (extension ? undefined : 'STATIC'), extension),
  };
}

/** How Envoy picks a member: `lb_policy`, or the first `load_balancing_policy` extension. */
function balanceFor(cluster: YMap, name: string, policyName: string | undefined): BalancePolicy {
  const lbNode = field(cluster, 'lb_policy');
  const lbPolicy = lbNode && has(cluster, 'lb_policy') ? enumName(lbNode, LB_POLICIES, `cluster ${name}: lb_policy`) : undefined;
  const familyNode = field(cluster, 'dns_lookup_family');
  // Checked, not used here; a template placeholder ({{ dns_lookup_family }}) stays as written.
  const templated = familyNode?.kind === 'scalar' && typeof familyNode.value === 'string' && templatePlaceholder(familyNode.value) !== undefined;
  if (familyNode && has(cluster, 'dns_lookup_family') && !templated) enumName(familyNode, DNS_LOOKUP_FAMILIES, `cluster ${name}: dns_lookup_family`);
  return balanceOf(lbPolicy, policyName);
}

/** Read one cluster mapping. A cluster without `name` is an error Envoy also rejects. */
export function readCluster(node: YNode, ctx: ParseContext, extras: ClusterExtras = {}): UpstreamGroup {
  if (node.kind !== 'map') throw invalid(`a cluster must be a mapping, found ${node.kind === 'seq' ? 'a list' : 'a scalar'}`, node.loc);
  const cluster: YMap = node;
  const nameNode = field(cluster, 'name');
  if (!nameNode || !has(cluster, 'name')) throw invalid('cluster without name', cluster.loc);
  const name = str(nameNode, 'cluster name');
  const declaredKind = kindOf(cluster, name);
  const fileMembers = declaredKind.type === 'EDS' ? fileEdsTargets(cluster, name, ctx) : undefined;
  // Members read from a file-based EDS source are in hand: probe them like static ones.
  const kind = fileMembers ? { ...declaredKind, discovery: 'static' as const } : declaredKind;
  const policyName = typedPolicy(cluster, ctx);
  const balance = balanceFor(cluster, name, policyName);
  const proto = readProtocol(cluster, ctx);
  const hints = {
    ...(proto.autoSni !== undefined ? { autoSni: proto.autoSni } : {}),
    ...(proto.autoSanValidation !== undefined ? { autoSanValidation: proto.autoSanValidation } : {}),
  };
  const tls = readUpstreamTls(cluster, hints, ctx);
  const targets = fileMembers ?? readTargets(cluster, kind.type, kind.discovery, ctx);
  if (kind.type === 'LOGICAL_DNS' && targets.length > 1) {
    info(ctx, `cluster ${name}: LOGICAL_DNS uses only its first endpoint (${targets[0]!.address})`, targets[1]!.loc);
  }
  const active = effectiveCheck(readHealthChecks(field(cluster, 'health_checks'), ctx), name, targets, ctx);
  const passive = readOutlierDetection(field(cluster, 'outlier_detection'));
  const maxRequests = maxRequestsOf(cluster, ctx);
  const limits = limitsOf(cluster, ctx);
  const connectMs = optDurationMs(cluster, 'connect_timeout', `cluster ${name}: connect_timeout`) ?? DEFAULT_CONNECT_MS;

  const params: Record<string, unknown> = {};
  for (const entry of cluster.entries) if (!CONSUMED.has(entry.key)) params[entry.key] = plain(entry.value);
  Object.assign(params, derivedParams(cluster, policyName), proto.params, extras.params ?? {});

  return {
    name,
    source: 'cluster',
    ...(kind.written !== undefined ? { clusterType: kind.written } : {}),
    discovery: kind.discovery,
    targets,
    protocol: protocolFor(proto.label, tls !== undefined),
    ...(tls ? { tls } : {}),
    health: { ...(active ? { active } : {}), ...(passive ? { passive } : {}) },
    balance,
    timeouts: { connectMs, ...(proto.idleMs !== undefined ? { idleMs: proto.idleMs } : {}), ...declaredTimeouts(cluster, proto.params) },
    ...(maxRequests !== undefined ? { maxRequests } : {}),
    ...(limits ? { limits } : {}),
    onAllUnhealthy: onAllUnhealthyOf(cluster),
    explain: 'summary',
    resolvers: readDnsResolvers(cluster, ctx),
    params,
    loc: cluster.loc,
  };
}

/**
 * A ClusterLoadAssignment on its own (an EDS resource file): its members form a group named by
 * `cluster_name`. TLS, health checks and timeouts live in the cluster definition, not here.
 */
export function readAssignmentGroup(node: YNode, ctx: ParseContext): UpstreamGroup {
  const nameNode = field(node, 'cluster_name');
  if (!nameNode) throw invalid('ClusterLoadAssignment without cluster_name', node.loc);
  return {
    name: str(nameNode, 'cluster_name'),
    source: 'cluster',
    discovery: 'static',
    targets: readLoadAssignment(node, false, ctx),
    protocol: 'http1',
    tlsUnknown: true,
    health: {},
    balance: 'round_robin',
    timeouts: {},
    onAllUnhealthy: 'fail_open',
    explain: 'summary',
    resolvers: [],
    params: {},
    loc: node.loc,
  };
}
