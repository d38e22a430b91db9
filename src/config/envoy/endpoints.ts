/**
 * Cluster members: `load_assignment` (a ClusterLoadAssignment: localities → lb_endpoints →
 * endpoint.address) and the v2-era cluster-level `hosts` list. Addresses are `socket_address`
 * (IP or DNS name + `port_value`/`named_port`) or `pipe.path` (a Unix socket).
 */
import type { SourceLocation, Target } from '../../model/index.js';
import {
  asList,
  enumName,
  field,
  has,
  int,
  invalid,
  optUint32,
  plain,
  plainField,
  str,
  uint32,
  warn,
} from './fields.js';
import type { ParseContext } from './fields.js';
import type { YNode } from './yaml-source.js';

/** envoy.config.core.v3.HealthStatus; DRAINING/UNHEALTHY/TIMEOUT take the host out of rotation. */
const HEALTH_STATUS = ['UNKNOWN', 'HEALTHY', 'UNHEALTHY', 'DRAINING', 'TIMEOUT', 'DEGRADED'] as const;
const OUT_OF_ROTATION = new Set(['UNHEALTHY', 'DRAINING', 'TIMEOUT']);

/** Upper bound on members read from one cluster: a generated config is large, never unbounded. */
const MAX_MEMBERS = 100_000;

interface ReadAddress {
  readonly host: string;
  readonly port?: number;
  readonly portText?: string;
  readonly socket: 'inet' | 'unix';
  readonly params: Record<string, unknown>;
  readonly loc: SourceLocation;
}

/** `host:port` as the contract spells it: IPv6 in brackets, Unix sockets as `unix:/path`. */
function formatAddress(a: ReadAddress): string {
  if (a.socket === 'unix') return `unix:${a.host}`;
  const host = a.host.includes(':') ? `[${a.host}]` : a.host;
  return `${host}:${a.port ?? a.portText ?? ''}`;
}

/** envoy.config.core.v3.Address → host/port or pipe path. */
export function readAddress(node: YNode, what: string): ReadAddress {
  const pipe = field(node, 'pipe');
  if (pipe) {
    const path = field(pipe, 'path');
    if (!path) throw invalid(`${what}.pipe has no path`, pipe.loc);
    return { host: str(path, `${what}.pipe.path`), socket: 'unix', params: {}, loc: path.loc };
  }
  const sock = field(node, 'socket_address');
  if (!sock) {
    throw invalid(`${what} has neither socket_address nor pipe`, node.loc);
  }
  const address = field(sock, 'address');
  if (!address || !has(sock, 'address')) throw invalid(`${what}.socket_address has no address`, sock.loc);
  const host = str(address, `${what}.socket_address.address`);
  const params: Record<string, unknown> = {};
  for (const key of ['protocol', 'resolver_name', 'ipv4_compat']) {
    if (has(sock, key)) params[key] = plainField(sock, key);
  }
  const portNode = field(sock, 'port_value');
  const named = field(sock, 'named_port');
  if (portNode && has(sock, 'port_value')) {
    if (portNode.kind === 'scalar' && typeof portNode.value === 'string' && !/^\d+$/.test(portNode.value)) {
      return { host, portText: portNode.value, socket: 'inet', params, loc: address.loc };
    }
    const port = int(portNode, `${what}.socket_address.port_value`);
    if (port < 0 || port > 65535) throw invalid(`${what}.socket_address.port_value ${port} is not a port`, portNode.loc);
    return { host, port, socket: 'inet', params, loc: address.loc };
  }
  if (named && has(sock, 'named_port')) {
    return { host, portText: str(named, `${what}.socket_address.named_port`), socket: 'inet', params, loc: address.loc };
  }
  throw invalid(`endpoint ${host} has no port: socket_address needs port_value`, sock.loc);
}

function makeTarget(
  a: ReadAddress,
  resolve: boolean,
  extra: { weight?: number; down?: boolean; params?: Record<string, unknown> },
): Target {
  return {
    address: formatAddress(a),
    host: a.host,
    ...(a.port !== undefined ? { port: a.port } : {}),
    ...(a.portText !== undefined ? { portText: a.portText } : {}),
    socket: a.socket,
    ...(extra.weight !== undefined ? { weight: extra.weight } : {}),
    backup: false,
    down: extra.down ?? false,
    resolve: resolve && a.socket === 'inet',
    flags: [],
    params: { ...(extra.params ?? {}), ...a.params },
    loc: a.loc,
  };
}

/** Locality-level settings copied onto every member of the locality, as written. */
function localityParams(locality: YNode): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (has(locality, 'locality')) params['locality'] = plainField(locality, 'locality');
  const lw = optUint32(locality, 'load_balancing_weight', 'locality load_balancing_weight');
  if (lw !== undefined) params['locality_weight'] = lw;
  if (has(locality, 'priority')) params['priority'] = plainField(locality, 'priority');
  return params;
}

function readLbEndpoint(lb: YNode, base: Record<string, unknown>, resolve: boolean, ctx: ParseContext): Target | undefined {
  const endpoint = field(lb, 'endpoint');
  if (!endpoint) {
    if (has(lb, 'endpoint_name')) {
      warn(ctx, 'lb_endpoint refers to a named endpoint (endpoint_name): not read', lb.loc);
      return undefined;
    }
    throw invalid('lb_endpoint has no endpoint', lb.loc);
  }
  const addressNode = field(endpoint, 'address');
  if (!addressNode) throw invalid('endpoint has no address', endpoint.loc);
  const address = readAddress(addressNode, 'endpoint.address');
  const params: Record<string, unknown> = { ...base };
  for (const key of ['hostname', 'health_check_config']) if (has(endpoint, key)) params[key] = plainField(endpoint, key);
  if (has(lb, 'metadata')) params['metadata'] = plainField(lb, 'metadata');
  let down = false;
  const status = field(lb, 'health_status');
  if (status && has(lb, 'health_status')) {
    const name = enumName(status, HEALTH_STATUS, 'health_status');
    params['health_status'] = plain(status);
    down = OUT_OF_ROTATION.has(name);
  }
  const weightNode = field(lb, 'load_balancing_weight');
  const weight = weightNode && has(lb, 'load_balancing_weight') ? uint32(weightNode, 'load_balancing_weight') : undefined;
  return makeTarget(address, resolve, { ...(weight !== undefined ? { weight } : {}), down, params });
}

/** Members of a ClusterLoadAssignment, in declaration order; locality settings go to each member's params. */
export function readLoadAssignment(node: YNode, resolve: boolean, ctx: ParseContext): Target[] {
  const targets: Target[] = [];
  for (const locality of asList(field(node, 'endpoints'), 'load_assignment.endpoints', ctx)) {
    const base = localityParams(locality);
    for (const lb of asList(field(locality, 'lb_endpoints'), 'lb_endpoints', ctx)) {
      if (targets.length >= MAX_MEMBERS) throw invalid(`more than ${MAX_MEMBERS} endpoints in one cluster`, lb.loc);
      const target = readLbEndpoint(lb, base, resolve, ctx);
      if (target) targets.push(target);
    }
  }
  return markFailoverTiers(targets);
}

function priorityOf(target: Target): number {
  const priority = target.params['priority'];
  return typeof priority === 'number' ? priority : 0;
}

/**
 * Envoy sends traffic to the lowest populated priority and spills to the next one only as that
 * one loses healthy hosts: members of any higher priority number are a failover tier (backups).
 */
function markFailoverTiers(targets: Target[]): Target[] {
  if (targets.length === 0) return targets;
  const primary = targets.reduce((min, t) => Math.min(min, priorityOf(t)), Infinity);
  return targets.map((t) => (priorityOf(t) > primary ? { ...t, backup: true } : t));
}

/** The v2 cluster field `hosts` (a list of Address), removed in v3. */
export function readLegacyHosts(node: YNode, resolve: boolean, ctx: ParseContext): Target[] {
  return asList(node, 'hosts', ctx).map((host) => {
    if (has(host, 'url')) {
      throw invalid('hosts[].url is Envoy v1 syntax: uh reads Envoy v3 (socket_address)', host.loc);
    }
    return makeTarget(readAddress(host, 'hosts[]'), resolve, {});
  });
}
