/**
 * One `upstreams.<name>` entry → an UpstreamGroup. uh re-resolves host names at run time (like
 * Envoy STRICT_DNS), so a group with any host name target has discovery `dns-refresh`.
 */
import { resolve as resolvePath, dirname } from 'node:path';
import type { CircuitBreakerPolicy, HashKey, RetryOn, RetryPolicy, UpstreamGroup } from '../../model/group.js';
import type { ResolverAddress } from '../../model/resolver.js';
import type { Target } from '../../model/target.js';
import { isIpLiteral } from '../../model/target.js';
import type { TlsSettings, TlsVersion } from '../../model/tls.js';
import { parseTargetAddress } from './address.js';
import { buildActive, buildPassive } from './build-health.js';
import type { BuildContext, Path } from './context.js';
import type { DecodedGroup, DecodedRetries, DecodedTarget, DecodedTls } from './decoded.js';
import { TLS_VERSIONS } from './schema.js';

export function buildGroup(ctx: BuildContext, name: string, raw: DecodedGroup, resolvers: readonly ResolverAddress[]): UpstreamGroup {
  const path: Path = ['upstreams', name];
  const targets = raw.targets.map((t, i) => buildTarget(ctx, t, [...path, 'targets', i]));
  if (raw.balance === 'hash' && !raw.hash_on) throw ctx.invalid([...path, 'balance'], 'balance: hash needs hash_on ({header: NAME} or {cookie: NAME})');
  if (raw.hash_on && raw.balance !== 'hash') ctx.warn([...path, 'hash_on'], `ignored unless balance is hash (it is ${raw.balance})`);
  if (raw.sticky && raw.sticky.ttl <= 0) throw ctx.invalid([...path, 'sticky', 'ttl'], 'must be longer than 0ms');
  for (const key of ['connect', 'request', 'read', 'idle'] as const) {
    const value = raw.timeouts[key];
    if (value !== undefined && value <= 0) throw ctx.invalid([...path, 'timeouts', key], 'must be longer than 0ms');
  }
  const active = raw.health?.active ? buildActive(ctx, raw.health.active, raw.protocol, [...path, 'health', 'active']) : undefined;
  const passive = raw.health?.passive ? buildPassive(ctx, raw.health.passive, [...path, 'health', 'passive']) : undefined;
  return {
    name,
    source: 'uh',
    discovery: targets.every((t) => !t.resolve) ? 'static' : 'dns-refresh',
    targets,
    protocol: raw.protocol,
    ...(raw.tls ? { tls: buildTls(ctx, raw.tls, raw.protocol, [...path, 'tls']) } : {}),
    health: { ...(active ? { active } : {}), ...(passive ? { passive } : {}) },
    balance: raw.balance,
    ...(raw.hash_on ? { hashOn: hashKey(raw.hash_on) } : {}),
    ...(raw.sticky ? { sticky: { learn: raw.sticky.learn, ttlMs: raw.sticky.ttl } } : {}),
    timeouts: {
      connectMs: raw.timeouts.connect,
      requestMs: raw.timeouts.request,
      ...(raw.timeouts.read !== undefined ? { readMs: raw.timeouts.read } : {}),
      ...(raw.timeouts.idle !== undefined ? { idleMs: raw.timeouts.idle } : {}),
    },
    ...(raw.retries ? { retries: buildRetries(ctx, raw.retries, [...path, 'retries']) } : {}),
    ...(raw.circuit_breaker ? { circuitBreaker: buildBreaker(ctx, raw.circuit_breaker, [...path, 'circuit_breaker']) } : {}),
    ...(raw.max_requests !== undefined ? { maxRequests: raw.max_requests } : {}),
    onAllUnhealthy: raw.on_all_unhealthy,
    explain: raw.explain,
    resolvers,
    params: {},
    loc: ctx.locOf(path),
  };
}

function buildTarget(ctx: BuildContext, raw: DecodedTarget, path: Path): Target {
  const parsed = parseTargetAddress(raw.address);
  if (typeof parsed === 'string') throw ctx.invalid([...path, 'address'], parsed); // decode checked it already
  const hostName = parsed.socket === 'inet' && !isIpLiteral(parsed.host);
  return {
    address: raw.address,
    host: parsed.host,
    ...(parsed.port !== undefined ? { port: parsed.port } : {}),
    socket: parsed.socket,
    ...(ctx.isWritten([...path, 'weight']) ? { weight: raw.weight } : {}),
    backup: raw.backup,
    down: raw.down,
    resolve: hostName,
    flags: [],
    params: {},
    loc: ctx.locOf(path),
  };
}

/** ALPN follows the protocol unless written: h2 and gRPC need `h2` negotiated (RFC 9113 §3.2). */
function defaultAlpn(protocol: DecodedGroup['protocol']): string[] {
  return protocol === 'h2' || protocol === 'grpc' ? ['h2'] : ['http/1.1'];
}

function buildTls(ctx: BuildContext, raw: DecodedTls, protocol: DecodedGroup['protocol'], path: Path): TlsSettings {
  if (protocol === 'h2c') throw ctx.invalid(path, 'h2c is HTTP/2 over cleartext; with tls write protocol: h2');
  if ((raw.cert === undefined) !== (raw.key === undefined)) throw ctx.invalid([...path, raw.cert === undefined ? 'key' : 'cert'], 'a client certificate needs both cert and key');
  if (raw.min_version && raw.max_version && TLS_VERSIONS.indexOf(raw.min_version as TlsVersion) > TLS_VERSIONS.indexOf(raw.max_version as TlsVersion)) {
    throw ctx.invalid([...path, 'min_version'], `min_version ${raw.min_version} is above max_version ${raw.max_version}`);
  }
  const base = dirname(ctx.file);
  return {
    ...(raw.sni !== undefined ? { sni: raw.sni } : {}),
    autoSni: raw.sni === undefined,
    verify: raw.verify,
    ...(raw.verify_name !== undefined ? { verifyName: raw.verify_name } : {}),
    subjectAltNames: [],
    ...(raw.ca !== undefined ? { ca: resolvePath(base, raw.ca) } : {}),
    ...(raw.cert !== undefined ? { clientCert: { cert: resolvePath(base, raw.cert), key: resolvePath(base, raw.key!) } } : {}),
    ...(raw.min_version ? { minVersion: raw.min_version as TlsVersion } : {}),
    ...(raw.max_version ? { maxVersion: raw.max_version as TlsVersion } : {}),
    alpn: raw.alpn ?? defaultAlpn(protocol),
    declared: ctx.declared(path),
    loc: ctx.locOf(path),
  };
}

function hashKey(raw: { header?: string; cookie?: string }): HashKey {
  return raw.header !== undefined ? { header: raw.header } : { cookie: raw.cookie! };
}

function buildRetries(ctx: BuildContext, raw: DecodedRetries, path: Path): RetryPolicy {
  if (raw.max_backoff < raw.backoff) throw ctx.invalid([...path, 'max_backoff'], 'must be at least backoff');
  if (raw.per_try_timeout !== undefined && raw.per_try_timeout <= 0) throw ctx.invalid([...path, 'per_try_timeout'], 'must be longer than 0ms');
  return {
    attempts: raw.attempts,
    on: [...new Set(raw.on.map((on) => String(on) as RetryOn))],
    backoffMs: raw.backoff,
    maxBackoffMs: raw.max_backoff,
    budget: raw.budget,
    ...(raw.per_try_timeout !== undefined ? { perTryTimeoutMs: raw.per_try_timeout } : {}),
  };
}

function buildBreaker(ctx: BuildContext, raw: NonNullable<DecodedGroup['circuit_breaker']>, path: Path): CircuitBreakerPolicy {
  if (raw.window <= 0) throw ctx.invalid([...path, 'window'], 'must be longer than 0ms');
  if (raw.open_for <= 0) throw ctx.invalid([...path, 'open_for'], 'must be longer than 0ms');
  return { failureRatio: raw.failure_ratio, minRequests: raw.min_requests, windowMs: raw.window, openForMs: raw.open_for };
}
