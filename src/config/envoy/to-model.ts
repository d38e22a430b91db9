/**
 * Which Envoy document this is, and its groups and routes. Accepted shapes:
 * - a bootstrap (`static_resources`, `dynamic_resources`, `admin`...);
 * - xDS resources: `{resources: [...]}` (a DiscoveryResponse or a file-based CDS/EDS/LDS file)
 *   or a bare list of Cluster / ClusterLoadAssignment / Listener objects;
 * - an admin `/config_dump` (`{configs: [...]}`) or its `dynamic_active_clusters` fragment
 *   (a list of `{version_info, cluster, last_updated}`).
 */
import { ConfigError } from '../../errors.js';
import type { GatewayConfig, Route, UpstreamGroup } from '../../model/index.js';
import { readAssignmentGroup, readCluster } from './clusters.js';
import { asList, field, has, info, optStr, plainField, typeName, warn } from './fields.js';
import type { ParseContext } from './fields.js';
import { configSourcePath, readXdsFile } from './xds-files.js';
import { readListeners, readRouteConfig } from './listeners.js';
import { withListenerRoles } from './roles.js';
import { detectVersion } from './version.js';
import { loadYaml } from './yaml-source.js';
import type { YNode } from './yaml-source.js';

interface Collected {
  readonly groups: UpstreamGroup[];
  readonly routes: Route[];
}

const BOOTSTRAP_KEYS = ['static_resources', 'dynamic_resources', 'admin', 'node', 'layered_runtime', 'cluster_manager', 'overload_manager', 'stats_sinks', 'tracing', 'watchdog'];
const CLUSTER_HINTS = ['type', 'cluster_type', 'load_assignment', 'connect_timeout', 'lb_policy', 'hosts', 'eds_cluster_config'];

type ItemKind = 'cluster' | 'assignment' | 'listener' | 'route-config' | 'dump-entry' | 'other';

function itemKind(item: YNode): ItemKind {
  const type = typeName(item);
  if (type !== undefined) {
    if (type.endsWith('.Cluster')) return 'cluster';
    if (type.endsWith('.ClusterLoadAssignment')) return 'assignment';
    if (type.endsWith('.Listener')) return 'listener';
    if (type.endsWith('.RouteConfiguration')) return 'route-config';
    return 'other';
  }
  if (field(item, 'cluster')?.kind === 'map' && (has(item, 'version_info') || has(item, 'last_updated'))) return 'dump-entry';
  if (has(item, 'cluster_name') && field(item, 'endpoints')) return 'assignment';
  if (has(item, 'filter_chains') || (has(item, 'address') && !CLUSTER_HINTS.some((k) => has(item, k)))) return 'listener';
  return 'cluster';
}

function readItems(items: readonly YNode[], ctx: ParseContext, out: Collected): void {
  const listeners: YNode[] = [];
  let assignments = 0;
  for (const item of items) {
    switch (itemKind(item)) {
      case 'cluster':
        out.groups.push(readCluster(item, ctx));
        break;
      case 'assignment':
        out.groups.push(readAssignmentGroup(item, ctx));
        assignments++;
        break;
      case 'listener':
        listeners.push(item);
        break;
      case 'route-config':
        out.routes.push(...readRouteConfig(item, `rds:${optStr(item, 'name', 'route configuration name') ?? '?'}`, ctx));
        break;
      case 'dump-entry':
        out.groups.push(readDumpEntry(item, ctx));
        break;
      default:
        info(ctx, `resource of type ${typeName(item) ?? '?'} is not read`, item.loc);
    }
  }
  if (assignments > 0) {
    info(ctx, 'endpoint assignments only: TLS, health checks and timeouts of these clusters are in their CDS or bootstrap file');
  }
  out.routes.push(...readListeners(listeners, ctx));
}

/** A config-dump cluster entry: the cluster plus when and which version the control plane sent. */
function readDumpEntry(entry: YNode, ctx: ParseContext): UpstreamGroup {
  const params: Record<string, unknown> = {};
  for (const key of ['version_info', 'last_updated']) if (has(entry, key)) params[key] = plainField(entry, key);
  return readCluster(field(entry, 'cluster')!, ctx, { params });
}

function readConfigDump(configs: YNode, ctx: ParseContext, out: Collected): void {
  const assignments: UpstreamGroup[] = [];
  for (const config of asList(configs, 'configs', ctx)) {
    const type = typeName(config) ?? '';
    if (type.endsWith('ClustersConfigDump')) {
      for (const entry of asList(field(config, 'static_clusters'), 'static_clusters', ctx)) out.groups.push(readDumpEntry(entry, ctx));
      for (const entry of asList(field(config, 'dynamic_active_clusters'), 'dynamic_active_clusters', ctx)) out.groups.push(readDumpEntry(entry, ctx));
      // A warming cluster is not serving yet (it waits for its endpoints or its first health checks): read, and said so.
      for (const entry of asList(field(config, 'dynamic_warming_clusters'), 'dynamic_warming_clusters', ctx)) {
        const group = readDumpEntry(entry, ctx);
        out.groups.push({ ...group, params: { ...group.params, warming: true } });
        info(ctx, `cluster ${group.name} is warming (not serving yet: waiting for its endpoints or first health checks)`, entry.loc);
      }
    } else if (type.endsWith('EndpointsConfigDump')) {
      // `/config_dump?include_eds`: the endpoints the control plane sent, by cluster (or EDS service) name.
      for (const key of ['static_endpoint_configs', 'dynamic_endpoint_configs']) {
        for (const entry of asList(field(config, key), key, ctx)) {
          const assignment = field(entry, 'endpoint_config');
          if (assignment) assignments.push(readAssignmentGroup(assignment, ctx));
        }
      }
    } else if (type.endsWith('ListenersConfigDump')) {
      const listeners = [
        ...asList(field(config, 'static_listeners'), 'static_listeners', ctx).map((l) => field(l, 'listener')),
        ...asList(field(config, 'dynamic_listeners'), 'dynamic_listeners', ctx).map((l) => field(field(l, 'active_state'), 'listener')),
      ].filter((l): l is YNode => l !== undefined);
      out.routes.push(...readListeners(listeners, ctx));
    }
  }
  for (const assignment of assignments) withDiscoveredEndpoints(assignment, out.groups);
}

/** EDS endpoints from a config dump become the cluster's members: discovered, and probed like any other. */
function withDiscoveredEndpoints(assignment: UpstreamGroup, groups: UpstreamGroup[]): void {
  const at = groups.findIndex((g) => g.discovery === 'dynamic' && (g.params['eds_service_name'] ?? g.name) === assignment.name);
  if (at < 0) return;
  const group = groups[at]!;
  groups[at] = { ...group, discovery: 'static', targets: assignment.targets.map((t) => ({ ...t, discovered: 'eds' as const })), params: { ...group.params, discovered: 'eds' } };
}

/**
 * Where CDS/LDS come from. A file-based source (`path`, `path_config_source`) is read like Envoy
 * reads it, relative paths against the bootstrap's folder; a control plane is only noted.
 */
function readDynamicSources(dynamic: YNode, ctx: ParseContext, out: Collected): void {
  for (const key of ['cds_config', 'lds_config']) {
    const source = field(dynamic, key);
    if (!source) continue;
    const what = key === 'cds_config' ? 'clusters' : 'listeners';
    const written = configSourcePath(source, key);
    if (written === undefined) {
      info(ctx, `${what} also come from ${has(source, 'ads') ? 'ADS' : 'a control plane'} (${key}): not in this file`, source.loc);
      continue;
    }
    const read = readXdsFile(ctx, written, what, key, source);
    if (!read) continue;
    const { file, text } = read;
    ctx.files.push(file);
    info(ctx, `${what} read from ${file} (${key}, file-based xDS)`, source.loc);
    const root = loadYaml(text, file);
    readItems(root.kind === 'seq' ? root.items : asList(field(root, 'resources'), 'resources', ctx), ctx, out);
  }
}

function readBootstrap(root: YNode, ctx: ParseContext, out: Collected): void {
  const statics = field(root, 'static_resources');
  for (const cluster of asList(field(statics, 'clusters'), 'static_resources.clusters', ctx)) out.groups.push(readCluster(cluster, ctx));
  out.routes.push(...readListeners(asList(field(statics, 'listeners'), 'static_resources.listeners', ctx), ctx));
  const dynamic = field(root, 'dynamic_resources');
  if (dynamic) readDynamicSources(dynamic, ctx, out);
}

function wrongTopLevel(root: YNode): ConfigError {
  const found =
    root.kind === 'map'
      ? `a mapping with keys ${root.entries.slice(0, 6).map((e) => e.rawKey).join(', ') || '(none)'}`
      : root.kind === 'seq'
        ? `a list of ${root.items.find((i) => i.kind !== 'map')?.kind === 'seq' ? 'lists' : 'scalars'}`
        : root.value === null
          ? 'an empty document'
          : `a ${typeof root.value}`;
  return new ConfigError(
    'UH_CONFIG_INVALID',
    `not an Envoy config: expected a bootstrap (static_resources...), xDS resources or a config dump, found ${found}`,
    root.loc,
  );
}

/**
 * What the routes decide for a cluster's traffic: the request timeout (the shortest route timeout
 * reaching it) and the retries (the first route `retry_policy`).
 */
function withRouteSettings(group: UpstreamGroup, ctx: ParseContext): UpstreamGroup {
  const requestMs = ctx.routeTimeouts.get(group.name);
  const retries = ctx.routeRetries.get(group.name);
  if (requestMs === undefined && !retries) return group;
  return {
    ...group,
    ...(requestMs !== undefined ? { timeouts: { ...group.timeouts, requestMs } } : {}),
    ...(retries ? { retries } : {}),
  };
}

/** The whole document → the model. Throws ConfigError for v1 documents and unrecognised shapes. */
export function toModel(root: YNode, file: string, ctx: ParseContext): GatewayConfig {
  const version = detectVersion(root);
  if (version.version === 'v1') {
    throw new ConfigError(
      'UH_CONFIG_UNSUPPORTED',
      `Envoy v1 JSON config (${version.evidence}) is not supported: uh reads Envoy v3 (v1 was removed in Envoy 1.8)`,
      version.loc,
    );
  }
  if (version.version === 'v2') {
    warn(ctx, `Envoy v2 API config (${version.evidence}): v2 was removed in Envoy 1.18; read with v3 semantics`, version.loc);
  }
  const out: Collected = { groups: [], routes: [] };
  if (root.kind === 'seq' && root.items.some((item) => item.kind !== 'map')) throw wrongTopLevel(root);
  if (root.kind === 'seq') readItems(root.items, ctx, out);
  else if (root.kind === 'map' && field(root, 'resources')) readItems(asList(field(root, 'resources'), 'resources', ctx), ctx, out);
  else if (root.kind === 'map' && field(root, 'configs')) readConfigDump(field(root, 'configs')!, ctx, out);
  else if (root.kind === 'map' && BOOTSTRAP_KEYS.some((k) => field(root, k) !== undefined)) readBootstrap(root, ctx, out);
  else if (root.kind === 'map' && itemKind(root) !== 'other' && CLUSTER_HINTS.some((k) => has(root, k))) readItems([root], ctx, out);
  else throw wrongTopLevel(root);
  return {
    source: { path: file, format: 'envoy', ...(version.version === 'v2' ? { formatVersion: 'v2' } : {}), files: ctx.files },
    groups: withListenerRoles(out.groups.map((g) => withRouteSettings(g, ctx)), out.routes),
    routes: out.routes,
    unresolved: [],
    resolvers: [],
    ignore: [],
    serve: ctx.listeners.length > 0 ? { listeners: ctx.listeners } : {},
    notes: ctx.notes,
  };
}
