import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Pool } from 'undici';
import type { UpstreamGroup } from '../model/index.js';
import type { ForwardedFields } from './forwarded.js';
import type { TargetState } from './target-state.js';

/** Idle keep-alive to targets: below the usual 5s server-side idle timeout (node:http, nginx 75s). */
const KEEPALIVE_MS = 4_000;

/**
 * One undici Pool per target, with keep-alive, so each target's connections are reused across
 * requests and a dead target's errors stay with it.
 */
export function createPool(group: UpstreamGroup, t: TargetState): Pool {
  const tls = group.tls;
  const scheme = tls ? 'https' : 'http';
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  const origin = t.target.socket === 'unix' ? 'http://localhost' : `${scheme}://${host}:${t.port}`;
  const connect: Record<string, unknown> = { timeout: group.timeouts.connectMs ?? 5_000 };
  if (t.target.socket === 'unix') connect.socketPath = t.host;
  if (tls) {
    const sni = tls.sni ?? (tls.autoSni ? t.host : undefined);
    if (sni) connect.servername = sni;
    connect.rejectUnauthorized = tls.verify;
    if (tls.caInline) connect.ca = tls.caInline;
    else if (tls.ca) connect.ca = readFileSync(tls.ca, 'utf8');
    if (tls.minVersion) connect.minVersion = tls.minVersion;
  }
  // Envoy max_connections caps the cluster: each target's pool gets its share.
  const maxConnections = group.limits?.maxConnections;
  return new Pool(origin, {
    connect,
    ...(maxConnections !== undefined ? { connections: Math.max(1, Math.ceil(maxConnections / Math.max(1, group.targets.length))) } : {}),
    keepAliveTimeout: Math.min(KEEPALIVE_MS, group.timeouts.idleMs ?? KEEPALIVE_MS),
    pipelining: 1,
    allowH2: group.protocol === 'h2' || group.protocol === 'grpc',
  });
}

/**
 * Hop-by-hop fields (RFC 9110 §7.6.1: Connection and the fields it names, Proxy-Connection,
 * Keep-Alive, TE, Transfer-Encoding, Upgrade): meaningful for one connection only, never forwarded.
 */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection', 'proxy-connection', 'keep-alive', 'te', 'transfer-encoding', 'upgrade', 'http2-settings',
]);

/** Field names listed in a Connection header value (lower-case); undefined for the usual `keep-alive` / `close`. */
function connectionNamed(value: string | undefined): ReadonlySet<string> | undefined {
  if (!value || NAMES_NOTHING.test(value)) return undefined;
  const names = new Set<string>();
  for (const token of value.split(',')) {
    const t = token.trim().toLowerCase();
    if (t && t !== 'close' && t !== 'keep-alive') names.add(t);
  }
  return names.size > 0 ? names : undefined;
}

/** A Connection value that names no field (nearly every response): no Set is built for it. */
const NAMES_NOTHING = /^\s*(?:keep-alive|close)\s*$/i;

/**
 * The request header list sent upstream: the client's fields minus hop-by-hop ones, plus
 * `x-forwarded-for` (appended to any the client sent), `-proto`, `-host` and `x-request-id`.
 * Flat [name, value, ...] as undici takes them, case preserved. Reads `rawHeaders` only, so
 * node:http never builds the `req.headers` object on the hot path.
 */
export function upstreamRequestHeaders(req: IncomingMessage, clientIp: string, requestId: string, hasRequestId: boolean): string[] {
  const raw = req.rawHeaders;
  const out: string[] = [];
  let xff: string | undefined;
  let host: string | undefined;
  let connection: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) {
      if (lower === 'connection') connection = connection ? `${connection},${raw[i + 1]}` : raw[i + 1];
      continue;
    }
    if (lower === 'x-forwarded-for') {
      xff = xff ? `${xff}, ${raw[i + 1]}` : raw[i + 1];
      continue;
    }
    if (lower === 'x-forwarded-proto' || lower === 'x-forwarded-host') continue;
    // uh answers `Expect: 100-continue` itself (server.ts) and undici refuses to send the field.
    if (lower === 'expect') continue;
    if (lower === 'host') host = raw[i + 1];
    out.push(name, raw[i + 1]!);
  }
  const named = connectionNamed(connection);
  const kept = named ? withoutNamed(out, named) : out;
  kept.push('x-forwarded-for', xff ? `${xff}, ${clientIp}` : clientIp, 'x-forwarded-proto', 'http');
  if (host) kept.push('x-forwarded-host', host);
  if (!hasRequestId) kept.push('x-request-id', requestId);
  return kept;
}

/** Drop the fields a Connection header named (rare: only then is the list copied). */
function withoutNamed(list: readonly string[], named: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < list.length; i += 2) if (!named.has(list[i]!.toLowerCase())) out.push(list[i]!, list[i + 1]!);
  return out;
}

/** What the proxy needs from a request head before routing, read from `rawHeaders` in one pass. */
export interface HeadFacts extends ForwardedFields {
  requestId: string | undefined;
  contentLength: string | undefined;
  chunked: boolean;
  /** How many `Host` fields the client sent (RFC 9112 §3.2: more than one is a 400). */
  hosts: number;
}

export function headFacts(raw: readonly string[]): HeadFacts {
  const facts: HeadFacts = { requestId: undefined, contentLength: undefined, chunked: false, hosts: 0, xForwardedFor: undefined, forwarded: undefined, xRealIp: undefined };
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 4 && name.toLowerCase() === 'host') facts.hosts++;
    else if (name.length === 15 && name.toLowerCase() === 'x-forwarded-for') facts.xForwardedFor = joined(facts.xForwardedFor, raw[i + 1]!);
    else if (name.length === 9 && name.toLowerCase() === 'forwarded') facts.forwarded = joined(facts.forwarded, raw[i + 1]!);
    else if (name.length === 9 && name.toLowerCase() === 'x-real-ip') facts.xRealIp = joined(facts.xRealIp, raw[i + 1]!);
    else if (name.length === 12 && name.toLowerCase() === 'x-request-id') facts.requestId ??= raw[i + 1];
    else if (name.length === 14 && name.toLowerCase() === 'content-length') facts.contentLength = raw[i + 1];
    else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') facts.chunked = true;
  }
  return facts;
}

/** Repeated fields of a list-valued header, as one comma-separated value (RFC 9110 §5.3). */
function joined(previous: string | undefined, value: string): string {
  return previous === undefined ? value : `${previous}, ${value}`;
}

/**
 * The response header list for the client: upstream fields minus hop-by-hop ones, as strings.
 * `x-request-id` is left out: the proxy adds its own (the same id it sent upstream), never two.
 * One pass; only names as long as a dropped one are lower-cased (this runs once per response).
 */
export function clientResponseHeaders(raw: readonly Buffer[]): string[] {
  let named: ReadonlySet<string> | undefined;
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1');
    const value = raw[i + 1]!.toString('latin1');
    if (DROPPED_LENGTHS[name.length] === 1) {
      const lower = name.toLowerCase();
      if (lower === 'connection') named = union(named, connectionNamed(value));
      if (HOP_BY_HOP.has(lower) || lower === 'x-request-id') continue;
    }
    out.push(name, value);
  }
  return named ? withoutNamed(out, named) : out;
}

function union(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  return a && b ? new Set([...a, ...b]) : (a ?? b);
}

/** 1 at the lengths of the names clientResponseHeaders drops (hop-by-hop fields and x-request-id). */
const DROPPED_LENGTHS: Uint8Array = (() => {
  const lengths = new Uint8Array(32);
  for (const name of [...HOP_BY_HOP, 'x-request-id']) lengths[name.length] = 1;
  return lengths;
})();
