import { basename } from 'node:path';
import { stringify } from 'yaml';
import type { GatewayConfig } from '../model/gateway.js';
import type { RetryPolicy, UpstreamGroup } from '../model/group.js';
import type { Route } from '../model/route.js';
import { cluster, envoyDuration } from './envoy-cluster.js';

type Obj = Record<string, unknown>;

/**
 * `uh export --to envoy`: the model as an Envoy v3 bootstrap (static_resources): one cluster per
 * group and one HTTP listener whose route table holds the routes (virtual hosts by Host), with
 * per-route timeout and retry_policy. What Envoy cannot express is a `# note:` comment at the top.
 * Pure: model in, YAML text out.
 */
export function toEnvoy(config: GatewayConfig): string {
  const notes: string[] = [];
  const groups = config.groups.filter((g) => g.targets.length > 0);
  for (const g of config.groups.filter((x) => x.targets.length === 0)) notes.push(`${g.name}: no targets in the file; left out`);
  const byName = new Map(groups.map((g) => [g.name, g]));
  const routes = config.routes.filter((r) => {
    if (byName.has(r.upstream)) return true;
    notes.push(`route to ${r.upstream} (line ${r.loc.line}) names no defined group; left out`);
    return false;
  });
  const bootstrap: Obj = {
    ...(config.serve.admin ? { admin: { address: socketAddress(config.serve.admin) } } : {}),
    static_resources: {
      ...(routes.length > 0 ? { listeners: [listener(config, routes, byName, notes)] } : {}),
      clusters: groups.map((g) => cluster(g, notes)),
    },
  };
  if (config.resolvers.length > 0) notes.push('resolvers: set typed_dns_resolver_config on STRICT_DNS clusters to use them (Envoy uses the system resolver otherwise)');
  const header = [
    `# Envoy v3 bootstrap exported by uh from ${basename(config.source.path)} (${config.source.format}).`,
    '# Check it with: envoy --mode validate -c <this file>',
    ...[...new Set(notes)].map((n) => `# note: ${n}`),
  ];
  return `${header.join('\n')}\n${stringify(bootstrap, { lineWidth: 0 })}`;
}

function socketAddress(listen: string): Obj {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(listen);
  const host = m ? m[1]! : '0.0.0.0';
  const port = m ? Number(m[2]) : Number(listen) || 8080;
  return { socket_address: { address: host === '' ? '0.0.0.0' : host, port_value: port } };
}

function listener(config: GatewayConfig, routes: readonly Route[], byName: ReadonlyMap<string, UpstreamGroup>, notes: string[]): Obj {
  const hosts = new Map<string, Obj[]>();
  for (const route of routes) {
    const key = route.match.host ?? '*';
    hosts.set(key, [...(hosts.get(key) ?? []), routeEntry(route, byName.get(route.upstream)!, notes)]);
  }
  const keys = [...hosts.keys()].sort((a, b) => (a === '*' ? 1 : b === '*' ? -1 : a.localeCompare(b)));
  const virtualHosts = keys.map((host, i) => ({ name: host === '*' ? 'default' : `vh_${i}_${host.replace(/[^A-Za-z0-9]/g, '_')}`, domains: [host], routes: hosts.get(host) }));
  return {
    name: 'uh_http',
    address: socketAddress(config.serve.listen ?? '0.0.0.0:8080'),
    filter_chains: [{
      filters: [{
        name: 'envoy.filters.network.http_connection_manager',
        typed_config: {
          '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
          stat_prefix: 'uh_http',
          route_config: { name: 'uh_routes', virtual_hosts: virtualHosts },
          http_filters: [{ name: 'envoy.filters.http.router', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } }],
        },
      }],
    }],
  };
}

function routeEntry(route: Route, group: UpstreamGroup, notes: string[]): Obj {
  const m = route.match;
  const match: Obj = m.path !== undefined ? { path: m.path }
    : m.pathPrefix !== undefined ? { prefix: m.pathPrefix }
    : m.pathRegex !== undefined ? { safe_regex: { regex: m.pathRegex } }
    : { prefix: '/' };
  if (m.method) match.headers = [{ name: ':method', string_match: { exact: m.method } }];
  const action: Obj = { cluster: route.upstream };
  if (group.timeouts.requestMs !== undefined) action.timeout = envoyDuration(group.timeouts.requestMs);
  if (group.retries) action.retry_policy = retryPolicy(group.retries, route.upstream, notes);
  const hash = hashPolicy(group);
  if (hash) action.hash_policy = [hash];
  return { match, route: action };
}

/** uh retry conditions → Envoy `retry_on` (x-envoy-retry-on values) and retriable status codes. */
function retryPolicy(r: RetryPolicy, group: string, notes: string[]): Obj {
  const on = new Set<string>();
  const statuses: number[] = [];
  for (const c of r.on) {
    if (c === 'connect_failure') on.add('connect-failure');
    else if (c === 'reset') on.add('reset');
    else if (c === 'timeout') notes.push(`${group}: Envoy retries timeouts with per_try_timeout; set it to retry slow tries`);
    else statuses.push(Number(c));
  }
  if (statuses.length > 0) on.add('retriable-status-codes');
  return {
    retry_on: [...on].join(',') || 'connect-failure',
    num_retries: r.attempts,
    ...(statuses.length > 0 ? { retriable_status_codes: statuses } : {}),
    ...(r.perTryTimeoutMs !== undefined ? { per_try_timeout: envoyDuration(r.perTryTimeoutMs) } : {}),
    retry_back_off: { base_interval: envoyDuration(r.backoffMs), max_interval: envoyDuration(r.maxBackoffMs) },
  };
}

/** RING_HASH needs the route to say what to hash: the client IP (ip_hash), a header or a cookie. */
function hashPolicy(group: UpstreamGroup): Obj | undefined {
  if (group.balance === 'ip_hash') return { connection_properties: { source_ip: true } };
  if (group.balance !== 'hash' || !group.hashOn) return undefined;
  if ('header' in group.hashOn) return { header: { header_name: group.hashOn.header } };
  if ('cookie' in group.hashOn) return { cookie: { name: group.hashOn.cookie } };
  return undefined;
}
