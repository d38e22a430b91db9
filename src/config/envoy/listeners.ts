/**
 * Listeners are read for their references to clusters, not emulated: the http_connection_manager
 * `route_config` (virtual hosts → routes → `cluster` / `weighted_clusters` / mirror policies), and
 * the network filters that proxy to clusters themselves: `tcp_proxy` `cluster`, `redis_proxy`
 * prefix routes, `thrift_proxy` and `dubbo_proxy` routes (Envoy speaks TCP or their own protocol
 * to those clusters, never HTTP — roles.ts). Filters that only inspect a stream (`mongo_proxy`,
 * `mysql_proxy`, `postgres_proxy`, `kafka_broker`, `rbac`) precede a `tcp_proxy` in the chain.
 * A route naming an undefined cluster is kept: diagnose reports it (`config-upstream-undefined`).
 * Routes chosen at run time (RDS, `cluster_header`, cluster specifier plugins) are noted.
 */
import type { Route, RouteMatch } from '../../model/index.js';
import { noteRouteRetries, readRetryPolicy } from './retry-policy.js';
import { configSourcePath, readXdsFile } from './xds-files.js';
import { asList, field, has, info, optDurationMs, optStr, optUint32, str, typeName, warn } from './fields.js';
import type { ParseContext } from './fields.js';
import { loadYaml } from './yaml-source.js';
import type { YNode } from './yaml-source.js';

type FilterKind = 'hcm' | 'tcp_proxy' | 'redis_proxy' | 'thrift_proxy' | 'dubbo_proxy';

/** Filter name suffix and typed_config `@type` suffix of each filter that names clusters. */
const FILTERS: readonly (readonly [FilterKind, string, string])[] = [
  ['hcm', 'http_connection_manager', '.HttpConnectionManager'],
  ['tcp_proxy', 'tcp_proxy', '.TcpProxy'],
  ['redis_proxy', 'redis_proxy', '.RedisProxy'],
  ['thrift_proxy', 'thrift_proxy', '.ThriftProxy'],
  ['dubbo_proxy', 'dubbo_proxy', '.DubboProxy'],
];

function filterKind(filter: YNode): FilterKind | undefined {
  const name = optStr(filter, 'name', 'filter name') ?? '';
  const type = typeName(field(filter, 'typed_config')) ?? '';
  return FILTERS.find(([, n, t]) => name.endsWith(n) || type.endsWith(t))?.[0];
}

function readMatch(match: YNode | undefined, host: string | undefined): RouteMatch {
  const prefix = optStr(match, 'prefix', 'match.prefix');
  const path = optStr(match, 'path', 'match.path');
  const regex = optStr(field(match, 'safe_regex'), 'regex', 'match.safe_regex.regex') ?? optStr(match, 'regex', 'match.regex');
  return {
    ...(prefix !== undefined ? { pathPrefix: prefix } : {}),
    ...(path !== undefined ? { path } : {}),
    ...(regex !== undefined ? { pathRegex: regex } : {}),
    ...(host !== undefined ? { host } : {}),
  };
}

/** Envoy's route timeout when the route sets none; `0s` disables it. */
const DEFAULT_ROUTE_TIMEOUT_MS = 15_000;

/** Remember the shortest request timeout of the HTTP routes that reach each cluster. */
function noteRouteTimeout(action: YNode, routes: readonly Route[], ctx: ParseContext): void {
  const timeoutMs = optDurationMs(action, 'timeout', 'route.timeout') ?? DEFAULT_ROUTE_TIMEOUT_MS;
  if (timeoutMs === 0) return;
  for (const route of routes) {
    if (route.via === 'route.request_mirror_policies') continue;
    const known = ctx.routeTimeouts.get(route.upstream);
    if (known === undefined || timeoutMs < known) ctx.routeTimeouts.set(route.upstream, timeoutMs);
  }
}

/** The cluster references of one route action (`route:` of a route entry, or a tcp_proxy config). */
function readAction(action: YNode, base: Omit<Route, 'upstream' | 'via' | 'loc'>, via: string, ctx: ParseContext): Route[] {
  const routes: Route[] = [];
  const cluster = field(action, 'cluster');
  if (cluster && has(action, 'cluster')) routes.push({ ...base, upstream: str(cluster, `${via}.cluster`), via: `${via}.cluster`, loc: cluster.loc });
  for (const wc of asList(field(field(action, 'weighted_clusters'), 'clusters'), 'weighted_clusters.clusters', ctx)) {
    const name = field(wc, 'name');
    if (!name) continue;
    const weight = optUint32(wc, 'weight', 'weighted_clusters.clusters.weight');
    routes.push({ ...base, upstream: str(name, 'weighted cluster name'), ...(weight !== undefined ? { weight } : {}), via: `${via}.weighted_clusters`, loc: name.loc });
  }
  const mirrors = [...asList(field(action, 'request_mirror_policies'), 'request_mirror_policies', ctx)];
  const legacyMirror = field(action, 'request_mirror_policy');
  if (legacyMirror) mirrors.push(legacyMirror);
  for (const mirror of mirrors) {
    const name = field(mirror, 'cluster');
    if (name && has(mirror, 'cluster')) routes.push({ ...base, upstream: str(name, 'mirror cluster'), via: `${via}.request_mirror_policies`, loc: name.loc });
    if (has(mirror, 'cluster_header')) info(ctx, 'mirror cluster chosen per request by cluster_header: not checked', mirror.loc);
  }
  if (has(action, 'cluster_header')) info(ctx, 'route cluster chosen per request by cluster_header: not checked', action.loc);
  if (has(action, 'cluster_specifier_plugin') || has(action, 'inline_cluster_specifier_plugin')) {
    info(ctx, 'route cluster chosen by a cluster specifier plugin at run time: not checked', action.loc);
  }
  return routes;
}

/** Routes of a RouteConfiguration (inline `route_config`, or an RDS resource named `listener` for display). */
export function readRouteConfig(config: YNode, listener: string, ctx: ParseContext): Route[] {
  const routes: Route[] = [];
  for (const vhost of asList(field(config, 'virtual_hosts'), 'virtual_hosts', ctx)) {
    const domains = asList(field(vhost, 'domains'), 'domains', ctx).map((d) => str(d, 'domains[]'));
    const host = domains.length === 1 && domains[0] !== '*' ? domains[0] : undefined;
    const vhostRetry = field(vhost, 'retry_policy');
    for (const route of asList(field(vhost, 'routes'), 'routes', ctx)) {
      const action = field(route, 'route');
      if (!action) continue;
      const found = readAction(action, { match: readMatch(field(route, 'match'), host), listener }, 'route', ctx);
      noteRouteTimeout(action, found, ctx);
      const retry = field(action, 'retry_policy') ?? vhostRetry;
      const reached = found.filter((r) => r.via !== 'route.request_mirror_policies').map((r) => r.upstream);
      noteRouteRetries(retry ? readRetryPolicy(retry, ctx) : undefined, reached, ctx);
      routes.push(...found);
    }
  }
  return routes;
}

function readHcm(config: YNode, listener: string, ctx: ParseContext): Route[] {
  if (has(config, 'deprecated_v1')) {
    warn(ctx, `listener ${listener}: deprecated_v1 http_connection_manager config is not read (Envoy v1 route syntax)`, config.loc);
    return [];
  }
  const routeConfig = field(config, 'route_config');
  if (routeConfig) return readRouteConfig(routeConfig, listener, ctx);
  const rds = field(config, 'rds');
  if (!rds) return [];
  const name = optStr(rds, 'route_config_name', 'rds.route_config_name') ?? '?';
  const written = configSourcePath(field(rds, 'config_source'), 'rds.config_source');
  if (written === undefined) {
    info(ctx, `listener ${listener}: routes come from RDS (${name}), not from this file`, config.loc);
    return [];
  }
  return readRdsFile(written, name, listener, rds, ctx);
}

/** File-based RDS: the RouteConfiguration named `name` in the file the listener points at. */
function readRdsFile(written: string, name: string, listener: string, rds: YNode, ctx: ParseContext): Route[] {
  const read = readXdsFile(ctx, written, `listener ${listener}: routes ${name}`, 'rds', rds);
  if (!read) return [];
  const { file, text } = read;
  if (!ctx.files.includes(file)) ctx.files.push(file);
  const root = loadYaml(text, file);
  const items = root.kind === 'seq' ? root.items : asList(field(root, 'resources'), 'resources', ctx);
  const config = items.find((item) => optStr(item, 'name', 'route configuration name') === name);
  if (!config) {
    info(ctx, `listener ${listener}: the RDS file ${file} has no route configuration ${name}`, rds.loc);
    return [];
  }
  return readRouteConfig(config, listener, ctx);
}

/**
 * tcp_proxy: its `cluster` / `weighted_clusters`. With `tunneling_config` Envoy carries the stream
 * in HTTP CONNECT (or POST) to the cluster, so that reference speaks HTTP.
 */
function readTcpProxy(config: YNode, listener: string, ctx: ParseContext): Route[] {
  const via = has(config, 'tunneling_config') ? 'tcp_proxy (HTTP tunneling)' : 'tcp_proxy';
  return readAction(config, { match: {}, listener }, via, ctx);
}

/** redis_proxy: `prefix_routes` (`catch_all_route`, `routes[]`, their mirrors) name the clusters. */
function readRedisProxy(config: YNode, listener: string, ctx: ParseContext): Route[] {
  const prefixRoutes = field(config, 'prefix_routes');
  const entries = [...asList(field(prefixRoutes, 'routes'), 'prefix_routes.routes', ctx)];
  const catchAll = field(prefixRoutes, 'catch_all_route');
  if (catchAll) entries.push(catchAll);
  return entries.flatMap((entry) => {
    const routes = readAction(entry, { match: {}, listener }, 'redis_proxy', ctx);
    for (const mirror of asList(field(entry, 'request_mirror_policy'), 'request_mirror_policy', ctx)) {
      const name = field(mirror, 'cluster');
      if (name) routes.push({ match: {}, listener, upstream: str(name, 'mirror cluster'), via: 'redis_proxy.request_mirror_policy', loc: name.loc });
    }
    return routes;
  });
}

/** thrift_proxy (`route_config.routes[].route`) and dubbo_proxy (`route_config[].routes[].route`). */
function readRpcProxy(config: YNode, listener: string, kind: 'thrift_proxy' | 'dubbo_proxy', ctx: ParseContext): Route[] {
  const routeConfig = field(config, 'route_config');
  const configs = routeConfig?.kind === 'seq' ? asList(routeConfig, 'route_config', ctx) : routeConfig ? [routeConfig] : [];
  return configs.flatMap((rc) => asList(field(rc, 'routes'), `${kind}.routes`, ctx).flatMap((route) => {
    const action = field(route, 'route');
    return action ? readAction(action, { match: {}, listener }, `${kind}.route`, ctx) : [];
  }));
}

function readFilter(kind: FilterKind, config: YNode, listener: string, ctx: ParseContext): Route[] {
  switch (kind) {
    case 'hcm': return readHcm(config, listener, ctx);
    case 'tcp_proxy': return readTcpProxy(config, listener, ctx);
    case 'redis_proxy': return readRedisProxy(config, listener, ctx);
    case 'thrift_proxy':
    case 'dubbo_proxy': return readRpcProxy(config, listener, kind, ctx);
  }
}

/** Routes of every listener, in declaration order. */
export function readListeners(listeners: readonly YNode[], ctx: ParseContext): Route[] {
  const routes: Route[] = [];
  listeners.forEach((listener, index) => {
    const name = optStr(listener, 'name', 'listener name') ?? `listener_${index}`;
    const chains = [...asList(field(listener, 'filter_chains'), 'filter_chains', ctx)];
    const fallback = field(listener, 'default_filter_chain');
    if (fallback) chains.push(fallback);
    for (const chain of chains) {
      for (const filter of asList(field(chain, 'filters'), 'filters', ctx)) {
        const kind = filterKind(filter);
        const config = field(filter, 'typed_config') ?? field(filter, 'config');
        if (!kind || !config) continue;
        const before = routes.length;
        routes.push(...readFilter(kind, config, name, ctx));
        if (kind === 'hcm' && routes.length > before) noteListener(listener, chains, ctx);
      }
    }
  });
  return routes;
}

/** The listener's `socket_address`, once, when its HTTP routes reach clusters (where `serve` listens). */
function noteListener(listener: YNode, chains: readonly YNode[], ctx: ParseContext): void {
  const sock = field(field(listener, 'address'), 'socket_address');
  const host = optStr(sock, 'address', 'listener socket_address.address');
  const port = optUint32(sock, 'port_value', 'listener socket_address.port_value');
  if (!sock || host === undefined || port === undefined) return;
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  if (ctx.listeners.some((l) => l.address === address)) return;
  ctx.listeners.push({ address, tls: chains.some((c) => field(c, 'transport_socket') !== undefined), loc: sock.loc });
}
