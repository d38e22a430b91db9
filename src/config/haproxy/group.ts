/**
 * One `backend` or `listen` section → an UpstreamGroup: its servers (default-server merged), the
 * mode and `proto`/`alpn` (what HAProxy speaks), TLS, the active check, timeouts, retries
 * (HAProxy's `retries 3` by default, `option redispatch`), balance and maxconn.
 */
import type { ConfigNote, Protocol, ResolverAddress, RetryOn, RetryPolicy, Target, TlsSettings, UpstreamGroup } from '../../model/index.js';
import { isIpLiteral } from '../../model/index.js';
import { addressFields } from './address.js';
import { balancePolicy } from './balance.js';
import type { GlobalSettings } from './global.js';
import { readHealthCheck } from './health-check.js';
import type { Proxy } from './inherit.js';
import type { ResolversSection } from './resolvers.js';
import type { ServerDecl } from './server.js';
import { readDefaultServer, readServers } from './server.js';
import { argsOf, declaredTimeouts, haproxyMs, lastOf, optionState } from './settings.js';
import { tlsOf } from './tls.js';

export interface GroupContext {
  readonly global: GlobalSettings;
  readonly resolvers: ReadonlyMap<string, ResolversSection>;
  readonly notes: ConfigNote[];
}

/** HAProxy's `retries` default. */
export const HAPROXY_DEFAULT_RETRIES = 3;

export function groupOf(proxy: Proxy, ctx: GroupContext): UpstreamGroup {
  const where = `${proxy.kind} ${proxy.name}`;
  const { statements } = proxy;
  const defaultServer = readDefaultServer(statements, ctx.notes);
  const servers = readServers(proxy.name, proxy.section.statements, defaultServer, ctx.notes);
  const mode = argsOf(statements, 'mode')?.[0] ?? 'tcp';
  const proxyDisabled = lastOf(statements.filter((s) => s.origin !== 'defaults'), 'disabled') !== undefined;
  const tls = groupTls(servers, ctx, where);
  const protocol = protocolOf(mode, servers[0], tls);
  const timeouts = declaredTimeouts(statements);
  const checked = servers.filter((s) => s.flags.includes('check'));
  const active = readHealthCheck(
    { statements, checked, ...(timeouts['check'] !== undefined ? { timeoutCheck: timeouts['check'] } : {}), trafficTls: tls !== undefined, where },
    ctx.notes,
  );
  if (active && checked.length < servers.length) {
    ctx.notes.push({ severity: 'info', message: `${where}: ${servers.length - checked.length} of ${servers.length} servers have no 'check'; HAProxy always considers those up`, loc: proxy.section.loc });
  }
  for (const s of checked.filter((x) => typeof x.params['addr'] === 'string')) {
    ctx.notes.push({ severity: 'info', message: `${where}: server ${s.name ?? ''} is checked at addr ${String(s.params['addr'])}; uh probes the server's own address`, loc: s.loc });
  }
  if (proxyDisabled) ctx.notes.push({ severity: 'warning', message: `${where} is disabled: HAProxy does not start it`, loc: proxy.section.loc });
  const targets = servers.map((s) => targetOf(s, proxyDisabled));
  const resolvers = groupResolvers(servers, ctx, where);
  const { balance, hashOn } = balancePolicy(argsOf(statements, 'balance'));
  const maxconn = servers.map((s) => s.params['maxconn']).find((m): m is number => typeof m === 'number');
  const connectMs = haproxyMs(timeouts['connect']);
  const readMs = haproxyMs(timeouts['server']);
  return {
    name: proxy.name,
    source: proxy.kind === 'listen' ? 'listen' : 'backend',
    discovery: discoveryOf(servers),
    targets,
    protocol,
    ...(tls ? { tls } : {}),
    health: active ? { active } : {},
    balance,
    ...(hashOn ? { hashOn } : {}),
    timeouts: {
      ...(connectMs !== undefined ? { connectMs } : {}),
      ...(readMs !== undefined ? { readMs } : {}),
      declared: timeouts,
    },
    retries: retryPolicy(statements),
    ...(maxconn !== undefined ? { maxRequests: maxconn } : {}),
    onAllUnhealthy: 'fail_closed',
    explain: 'summary',
    resolvers,
    params: groupParams(proxy, mode, defaultServer),
    loc: proxy.section.loc,
  };
}

function targetOf(s: ServerDecl, proxyDisabled: boolean): Target {
  const { weight, ...params } = s.params;
  const checkPort = params['port'];
  return {
    ...(s.name !== null ? { name: s.name } : {}),
    ...addressFields(s.address),
    ...(typeof weight === 'number' ? { weight } : {}),
    backup: s.flags.includes('backup'),
    down: proxyDisabled || s.flags.includes('disabled'),
    resolve: params['resolvers'] !== undefined,
    flags: s.flags,
    params: s.template ? { ...params, template: s.template } : params,
    ...(typeof checkPort === 'number' ? { checkPort } : {}),
    loc: s.loc,
  };
}

/** TLS as the servers declare it; when they differ, the first `ssl` server's settings, noted. */
function groupTls(servers: readonly ServerDecl[], ctx: GroupContext, where: string): TlsSettings | undefined {
  const withSsl = servers.filter((s) => s.flags.includes('ssl'));
  if (withSsl.length > 0 && withSsl.length < servers.length) {
    ctx.notes.push({ severity: 'warning', message: `${where}: ${withSsl.length} of ${servers.length} servers use ssl; uh probes every server with the first ssl server's TLS settings`, loc: withSsl[0]!.loc });
  }
  return withSsl[0] ? tlsOf(withSsl[0], ctx.global, where, ctx.notes) : undefined;
}

/** What HAProxy speaks to the servers: mode tcp is a stream; in http, `proto h2` or an h2-only ALPN. */
function protocolOf(mode: string, first: ServerDecl | undefined, tls: TlsSettings | undefined): Protocol {
  if (mode !== 'http') return 'tcp';
  if (first?.params['proto'] === 'h2') return tls ? 'h2' : 'h2c';
  if (tls && tls.alpn.length > 0 && tls.alpn[0] === 'h2' && !tls.alpn.includes('http/1.1')) return 'h2';
  return 'http1';
}

function discoveryOf(servers: readonly ServerDecl[]): UpstreamGroup['discovery'] {
  if (servers.some((s) => s.directive === 'server-template')) return 'dynamic';
  const named = servers.filter((s) => s.address.socket === 'inet' && !isIpLiteral(s.address.host));
  if (named.length === 0) return 'static';
  return named.some((s) => s.params['resolvers'] !== undefined) ? 'dns-refresh' : 'dns-once';
}

/** The nameservers of the `resolvers` section the servers name (the first one named). */
function groupResolvers(servers: readonly ServerDecl[], ctx: GroupContext, where: string): ResolverAddress[] {
  const name = servers.map((s) => s.params['resolvers']).find((r): r is string => typeof r === 'string');
  if (name === undefined) return [];
  const section = ctx.resolvers.get(name);
  if (!section) {
    ctx.notes.push({ severity: 'warning', message: `${where}: resolvers '${name}' is not defined (HAProxy refuses to start)`, loc: servers.find((s) => s.params['resolvers'] === name)!.loc });
    return [];
  }
  return [...section.nameservers];
}

/** `retries N` (default 3) on connection failures, plus what `retry-on` adds. */
function retryPolicy(statements: Proxy['statements']): RetryPolicy {
  const n = Number(argsOf(statements, 'retries')?.[0] ?? HAPROXY_DEFAULT_RETRIES);
  const on = new Set<RetryOn>(['connect_failure']);
  for (const what of argsOf(statements, 'retry-on') ?? []) {
    if (what === 'none') on.clear();
    if (what === 'empty-response' || what === 'junk-response' || what === 'all-retryable-errors') on.add('reset');
    if (what === 'response-timeout' || what === 'all-retryable-errors') on.add('timeout');
    if (/^\d{3}$/.test(what)) on.add(what as RetryOn);
  }
  const attempts = Number.isInteger(n) && n >= 0 ? n : HAPROXY_DEFAULT_RETRIES;
  // serve retries a failed connect without counting it as an attempt; `retries 0` means none at all.
  if (attempts === 0) on.delete('connect_failure');
  return { attempts, on: [...on], backoffMs: 0, maxBackoffMs: 0, budget: 1 };
}

function groupParams(proxy: Proxy, mode: string, defaultServer: ReturnType<typeof readDefaultServer>): Record<string, unknown> {
  const { statements } = proxy;
  const params: Record<string, unknown> = { mode, balance: argsOf(statements, 'balance')?.join(' ') ?? null };
  for (const key of ['cookie', 'hash-type', 'description']) {
    const value = argsOf(statements, key);
    if (value !== undefined) params[key] = value.join(' ');
  }
  const redispatch = optionState(statements, 'redispatch');
  if (redispatch !== undefined) params['option redispatch'] = redispatch ? 'enabled' : 'disabled';
  params['retries'] = Number(argsOf(statements, 'retries')?.[0] ?? HAPROXY_DEFAULT_RETRIES);
  if (defaultServer) params['default-server'] = defaultServer;
  if (proxy.defaultsName !== undefined) params['defaults'] = proxy.defaultsName;
  if (proxy.section.bindAddress !== undefined) params['listen-address'] = proxy.section.bindAddress;
  return params;
}
