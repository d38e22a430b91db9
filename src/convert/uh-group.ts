import { parseTargetAddress } from '../config/uh/address.js';
import type { ActiveHealthCheck, BodyMatch, PassiveHealthCheck, StatusRange } from '../model/health.js';
import type { Protocol, UpstreamGroup } from '../model/group.js';
import { formatDuration } from '../model/durations.js';
import { toStatusRanges } from '../model/status-list.js';
import type { Target } from '../model/target.js';
import { effectivePort } from '../model/target.js';
import type { TlsSettings } from '../model/tls.js';

/** A YAML-ready value plus the notes (YAML comments) about what could not be carried over. */
export interface Converted<T> {
  readonly value: T;
  readonly notes: string[];
}

type Obj = Record<string, unknown>;

const UH_PROTOCOLS: ReadonlySet<Protocol> = new Set(['http1', 'h2', 'h2c', 'grpc', 'mcp']);

/** One model group as a uh YAML `upstreams.<name>` value (CONTRACT.md §5 keys, snake_case). */
export function groupToUh(group: UpstreamGroup): Converted<Obj | undefined> {
  const notes: string[] = [];
  const targets = group.targets.map((t) => targetToUh(t, notes)).filter((t): t is Obj => t !== undefined);
  if (targets.length === 0) {
    notes.push(group.discovery === 'dynamic'
      ? `group ${group.name}: endpoints come from service discovery (${group.clusterType ?? 'dynamic'}); list them as targets to use it with uh`
      : `group ${group.name}: no target uh can address; left out`);
    return { value: undefined, notes };
  }
  const out: Obj = { targets };
  const protocol = protocolToUh(group.protocol, notes);
  if (protocol !== 'http1') out.protocol = protocol;
  if (group.tls) out.tls = tlsToUh(group.tls, protocol);
  if (group.tlsUnknown) notes.push(`group ${group.name}: whether the gateway speaks TLS depends on a variable; add tls: if it does`);
  const health: Obj = {};
  if (group.health.active) health.active = activeToUh(group.health.active, notes);
  const passive = group.health.passive ? passiveToUh(group.health.passive) : memberPassive(group.targets, notes);
  if (passive) health.passive = passive;
  if (Object.keys(health).length > 0) out.health = health;
  balanceToUh(group, out, notes);
  if (group.sticky) out.sticky = { learn: group.sticky.learn, ttl: formatDuration(group.sticky.ttlMs) };
  const timeouts = timeoutsToUh(group);
  if (Object.keys(timeouts).length > 0) out.timeouts = timeouts;
  if (group.retries) {
    const r = group.retries;
    out.retries = {
      attempts: r.attempts, on: r.on.map((on) => (/^\d+$/.test(on) ? Number(on) : on)), backoff: formatDuration(r.backoffMs),
      max_backoff: formatDuration(r.maxBackoffMs), budget: percent(r.budget),
      ...(r.perTryTimeoutMs !== undefined ? { per_try_timeout: formatDuration(r.perTryTimeoutMs) } : {}),
    };
  }
  if (group.circuitBreaker) {
    const c = group.circuitBreaker;
    out.circuit_breaker = { failure_ratio: c.failureRatio, min_requests: c.minRequests, window: formatDuration(c.windowMs), open_for: formatDuration(c.openForMs) };
  }
  if (group.maxRequests !== undefined) out.max_requests = group.maxRequests;
  out.on_all_unhealthy = group.onAllUnhealthy;
  if (group.explain !== 'summary') out.explain = group.explain;
  return { value: out, notes };
}

/** `host:port` as uh writes it; a target uh cannot address (template port, odd host) becomes a note. */
export function uhAddress(target: Target): string | undefined {
  let address: string;
  if (target.socket === 'unix') address = `unix:${target.host}`;
  else {
    const port = effectivePort(target);
    if (port === undefined) return undefined;
    address = target.host.includes(':') ? `[${target.host}]:${port}` : `${target.host}:${port}`;
  }
  return typeof parseTargetAddress(address) === 'string' ? undefined : address;
}

function targetToUh(target: Target, notes: string[]): Obj | undefined {
  const address = uhAddress(target);
  if (address === undefined) {
    notes.push(`target ${target.address} (line ${target.loc.line}): not a host:port uh can probe; left out`);
    return undefined;
  }
  return {
    address,
    ...(target.weight !== undefined ? { weight: target.weight } : {}),
    ...(target.backup ? { backup: true } : {}),
    ...(target.down ? { down: true } : {}),
  };
}

function protocolToUh(protocol: Protocol, notes: string[]): string {
  if (UH_PROTOCOLS.has(protocol)) return protocol;
  notes.push(protocol === 'http1.0'
    ? 'the gateway speaks HTTP/1.0 upstream; uh speaks HTTP/1.1 (keep-alive)'
    : `protocol ${protocol} is not one uh proxies; written as http1 (diagnose still probes TCP)`);
  return 'http1';
}

/** ALPN uh derives from the protocol when not written (see the uh parser). */
function defaultAlpn(protocol: string): readonly string[] {
  return protocol === 'h2' || protocol === 'grpc' ? ['h2'] : ['http/1.1'];
}

function tlsToUh(tls: TlsSettings, protocol: string): Obj {
  const sameAlpn = tls.alpn.length === 0 || tls.alpn.join(',') === defaultAlpn(protocol).join(',');
  return {
    ...(tls.sni !== undefined ? { sni: tls.sni } : {}),
    verify: tls.verify,
    ...(tls.verifyName !== undefined && tls.verifyName !== tls.sni ? { verify_name: tls.verifyName } : {}),
    ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
    ...(tls.clientCert?.cert !== undefined && tls.clientCert.key !== undefined ? { cert: tls.clientCert.cert, key: tls.clientCert.key } : {}),
    ...(tls.minVersion ? { min_version: tls.minVersion } : {}),
    ...(tls.maxVersion ? { max_version: tls.maxVersion } : {}),
    ...(sameAlpn ? {} : { alpn: [...tls.alpn] }),
  };
}

function activeToUh(a: ActiveHealthCheck, notes: string[]): Obj {
  const http = a.type === 'http';
  const out: Obj = { type: a.type };
  if ((http || a.type === 'mcp') && a.path !== undefined) out.path = a.path;
  if (http && a.method !== undefined) out.method = a.method;
  if (http && a.host !== undefined) out.host = a.host;
  if (a.port !== undefined) out.port = a.port;
  if (a.type === 'grpc' && a.grpcService !== undefined) out.grpc_service = a.grpcService;
  out.interval = formatDuration(a.intervalMs);
  out.timeout = formatDuration(a.timeoutMs);
  if (http && a.expectStatus.length > 0) out.expect_status = a.expectStatus.map(statusToUh);
  if (http && a.expectBody) {
    const body = bodyToUh(a.expectBody);
    if (body !== undefined) out.expect_body = body;
    else notes.push(`health check (line ${a.loc.line}): a "body must not match" rule has no uh equivalent; left out`);
  }
  out.rise = a.rise;
  out.fall = a.fall;
  if (a.jitter !== undefined) out.jitter = percent(a.jitter);
  if (a.unhealthyIntervalMs !== undefined) out.unhealthy_interval = formatDuration(a.unhealthyIntervalMs);
  if (a.headers && Object.keys(a.headers).length > 0) notes.push(`health check (line ${a.loc.line}): request headers are not part of uh checks; left out`);
  return out;
}

function statusToUh(range: StatusRange): number | string {
  return range.from === range.to ? range.from : `${range.from}-${range.to}`;
}

function bodyToUh(body: BodyMatch): string | undefined {
  if (body.kind === 'substring') return body.value;
  if (body.kind === 'regex') return `/${body.value}/${body.flags ?? ''}`;
  return undefined;
}

function passiveToUh(p: PassiveHealthCheck): Obj {
  return {
    max_failures: p.maxFailures,
    failure_window: formatDuration(p.failureWindowMs),
    // Ranges as written (`500-599` for Envoy's consecutive_5xx), single codes as numbers.
    unhealthy_statuses: toStatusRanges(p.unhealthyStatuses).map(statusToUh),
    eject_for: formatDuration(p.ejectForMs),
    max_ejected_percent: p.maxEjectedPercent,
  };
}

/**
 * nginx's per-server `max_fails`/`fail_timeout` (ngx_http_upstream_module): `max_fails` failures
 * within `fail_timeout` mark the server unavailable for `fail_timeout`. uh's passive check is the
 * same rule at group level; members that disagree are noted and the first member's values kept.
 * `max_fails=0` or `fail_timeout=0` turns nginx's marking off (gunicorn's example config: "always
 * retry an upstream even if it failed"), so such members carry no passive policy.
 */
function memberPassive(targets: readonly Target[], notes: string[]): Obj | undefined {
  const withPassive = targets.filter((t) => t.passive && t.passive.maxFails > 0 && t.passive.failTimeoutMs > 0);
  const first = withPassive[0]?.passive;
  if (!first) return undefined;
  if (withPassive.some((t) => t.passive!.maxFails !== first.maxFails || t.passive!.failTimeoutMs !== first.failTimeoutMs)) {
    notes.push('members have different max_fails/fail_timeout; uh uses one passive policy per group (the first member\'s)');
  }
  return { max_failures: first.maxFails, failure_window: formatDuration(first.failTimeoutMs), eject_for: formatDuration(first.failTimeoutMs) };
}

function balanceToUh(group: UpstreamGroup, out: Obj, notes: string[]): void {
  const balance = group.balance;
  if (balance.startsWith('other:')) {
    notes.push(`balance ${balance.slice('other:'.length)} has no uh equivalent; uh uses p2c`);
    return;
  }
  if (balance !== 'hash') {
    out.balance = balance;
    return;
  }
  const key = group.hashOn;
  if (key && 'header' in key) Object.assign(out, { balance, hash_on: { header: key.header } });
  else if (key && 'cookie' in key) Object.assign(out, { balance, hash_on: { cookie: key.cookie } });
  else notes.push(`hash on ${key && 'expression' in key ? key.expression : 'an unknown key'} has no uh equivalent; uh uses p2c`);
}

function timeoutsToUh(group: UpstreamGroup): Obj {
  const t = group.timeouts;
  const out: Obj = {};
  if (t.connectMs !== undefined) out.connect = formatDuration(t.connectMs);
  if (t.requestMs !== undefined) out.request = formatDuration(t.requestMs);
  if (t.readMs !== undefined) out.read = formatDuration(t.readMs);
  if (t.idleMs !== undefined) out.idle = formatDuration(t.idleMs);
  return out;
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 10_000) / 100}%`;
}
