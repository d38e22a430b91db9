/**
 * An UpstreamGroup from an upstream block or a literal `*_pass` address plus the references to it.
 * What nginx decides per reference (TLS by scheme, `*_ssl_*`, timeouts, HTTP version, Plus
 * `health_check`) is merged across references: a key declared by several references takes the
 * first reference's value; TLS is on when any reference speaks it.
 */
import type {
  ActiveHealthCheck,
  Protocol,
  ReferenceWay,
  ResolverAddress,
  RetryPolicy,
  Target,
  TlsSettings,
  UpstreamGroup,
} from '../../model/index.js';
import { formatLine, isIpLiteral, parseDuration } from '../../model/index.js';
import type { PassTarget } from './address.js';
import { readHealthCheck } from './health-check.js';
import { declaredRetries } from './next-upstream.js';
import type { Directive } from './parse.js';
import { parseResolvers } from './resolvers.js';
import { formatHostPort } from './server-line.js';
import { declaredTimeouts, effectiveTimeouts, familyOf } from './timeouts.js';
import { declaredTls, referenceUsesTls, tlsSettings, verifyDirectiveLoc } from './tls.js';
import type { UpstreamBlock } from './upstream.js';
import type { NginxContext, PassReference } from './walk.js';

export interface GroupRef {
  readonly ref: PassReference;
  readonly scheme: string | undefined;
  readonly schemeUnknown: boolean;
}

export interface GroupDraft {
  readonly order: number;
  readonly block?: UpstreamBlock;
  readonly literal?: { readonly name: string; readonly target: PassTarget; readonly context: NginxContext };
  readonly refs: GroupRef[];
}

const SCHEME_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, grpc: 80, grpcs: 443 };

export function blockGroup(
  block: UpstreamBlock,
  refs: readonly GroupRef[],
  matches: ReadonlyMap<string, Directive>,
  topResolvers: readonly ResolverAddress[],
): UpstreamGroup {
  const keepalive = block.params['keepalive_timeout'];
  const { scopeResolvers, ...common } = fromReferences(block.name, block.context, refs, matches, block.targets.length);
  return {
    name: block.name,
    source: 'upstream block',
    context: block.context,
    discovery: block.discovery,
    targets: block.targets,
    ...common,
    timeouts: {
      ...common.timeouts,
      ...(typeof keepalive === 'string' && parseDuration(keepalive) !== undefined ? { idleMs: parseDuration(keepalive)! } : {}),
    },
    balance: block.balance,
    ...(block.hashOn ? { hashOn: block.hashOn } : {}),
    ...(block.sticky ? { sticky: block.sticky } : {}),
    ...(block.maxRequests !== undefined ? { maxRequests: block.maxRequests } : {}),
    onAllUnhealthy: 'fail_closed',
    explain: 'summary',
    resolvers: block.resolvers.length > 0 ? block.resolvers : (scopeResolvers ?? topResolvers),
    params: block.params,
    loc: block.loc,
  };
}

export function literalGroup(
  draft: GroupDraft,
  matches: ReadonlyMap<string, Directive>,
  topResolvers: readonly ResolverAddress[],
): UpstreamGroup {
  const { name, target, context } = draft.literal!;
  const first = draft.refs[0]!.ref.directive;
  const { scopeResolvers, ...common } = fromReferences(target.host, context, draft.refs, matches, 1);
  const member = literalTarget(target, first);
  return {
    name,
    source: 'proxy_pass literal',
    context,
    directive: first.name,
    discovery: member.socket === 'unix' || isIpLiteral(member.host) ? 'static' : 'dns-once',
    targets: [member],
    ...common,
    balance: 'round_robin',
    onAllUnhealthy: 'fail_closed',
    explain: 'summary',
    resolvers: scopeResolvers ?? topResolvers,
    params: {},
    loc: first.loc,
  };
}

function literalTarget(t: PassTarget, d: Directive): Target {
  const unix = t.socket === 'unix';
  const defaultPort = t.scheme !== undefined ? SCHEME_PORTS[t.scheme] : undefined;
  return {
    address: unix ? `unix:${t.host}` : formatHostPort(t.host, t.port ?? t.portText),
    host: t.host,
    ...(t.port !== undefined ? { port: t.port } : {}),
    ...(t.portText !== undefined ? { portText: t.portText } : {}),
    ...(!unix && defaultPort !== undefined ? { defaultPort } : {}),
    socket: t.socket,
    backup: false,
    down: false,
    resolve: false,
    flags: [],
    params: {},
    // An implicit upstream gets nginx's per-server defaults: max_fails=1 fail_timeout=10s.
    passive: { maxFails: 1, failTimeoutMs: 10_000 },
    loc: d.loc,
  };
}

interface FromReferences {
  readonly protocol: Protocol;
  readonly tls?: TlsSettings;
  readonly ways?: readonly ReferenceWay[];
  readonly tlsUnknown?: boolean;
  readonly timeouts: UpstreamGroup['timeouts'];
  readonly health: { readonly active?: ActiveHealthCheck };
  readonly retries?: RetryPolicy;
  readonly scopeResolvers?: readonly ResolverAddress[];
}

function fromReferences(
  proxyHost: string,
  context: NginxContext,
  refs: readonly GroupRef[],
  matches: ReadonlyMap<string, Directive>,
  targets: number,
): FromReferences {
  const first = refs[0];
  const firstDirective = first?.ref.directive.name;
  const timeoutsDeclared = mergeFirst(refs.map((r) => declaredTimeouts(r.ref.directive.name, r.ref.scope)));
  const protocol = protocolOf(first, context);
  const tls = tlsOf(refs, proxyHost, protocol, context);
  const ways = waysOf(refs, proxyHost, context);
  const active = healthCheckOf(proxyHost, refs, context, matches);
  const resolverDirective = refs.map((r) => r.ref.scope.settings.get('resolver')).find((d) => d !== undefined);
  const retries = context === 'http'
    ? refs.map((r) => declaredRetries(familyOf(r.ref.directive.name), r.ref.scope, targets)).find((p) => p !== undefined)
    : undefined;
  return {
    protocol,
    ...(tls ? { tls } : {}),
    ...(!tls && refs.some((r) => r.schemeUnknown) ? { tlsUnknown: true } : {}),
    ...(ways ? { ways } : {}),
    timeouts: effectiveTimeouts(firstDirective, context, timeoutsDeclared),
    health: active ? { active } : {},
    ...(retries ? { retries } : {}),
    ...(resolverDirective ? { scopeResolvers: parseResolvers(resolverDirective) } : {}),
  };
}

/** TLS as the references that speak it declare it (the first declaring a key wins); undefined when none does. */
function tlsOf(refs: readonly GroupRef[], proxyHost: string, protocol: Protocol, context: NginxContext): TlsSettings | undefined {
  const tlsRefs = refs.filter((r) => referenceUsesTls(r.scheme, r.ref.scope));
  const first = tlsRefs[0];
  if (!first) return undefined;
  return tlsSettings(
    context === 'stream' ? 'proxy' : familyOf(first.ref.directive.name),
    mergeFirst(tlsRefs.map((r) => declaredTls(r.ref.directive.name, r.ref.scope))),
    proxyHost,
    protocol === 'grpc' ? ['h2'] : [],
    first.ref.directive.loc,
    verifyDirectiveLoc(first.ref.directive.name, tlsRefs.map((r) => r.ref.scope)),
  );
}

/**
 * Each distinct way the references speak (protocol, TLS or not), in order of first reference;
 * undefined when they all speak alike. nginx keeps one server list but talks to it per reference.
 */
function waysOf(refs: readonly GroupRef[], proxyHost: string, context: NginxContext): ReferenceWay[] | undefined {
  const byWay = new Map<string, GroupRef[]>();
  for (const r of refs) {
    if (r.schemeUnknown) continue;
    // HTTP/1.0 and 1.1 are one way to probe (the first reference's version is used).
    const key = `${protocolOf(r, context).replace('http1.0', 'http1')} ${referenceUsesTls(r.scheme, r.ref.scope) ? 'tls' : 'plain'}`;
    byWay.set(key, [...(byWay.get(key) ?? []), r]);
  }
  if (byWay.size < 2) return undefined;
  return [...byWay.values()].map((same) => {
    const protocol = protocolOf(same[0], context);
    const tls = tlsOf(same, proxyHost, protocol, context);
    const d = same[0]!.ref.directive;
    return { label: `${d.name} ${d.args[0] ?? ''} at ${formatLine(d.loc)}`, protocol, ...(tls ? { tls } : {}) };
  });
}

/** What the gateway speaks: the pass directive's protocol; for proxy_pass, `proxy_http_version` (default 1.0). */
function protocolOf(first: GroupRef | undefined, context: NginxContext): Protocol {
  if (context === 'stream') return first?.ref.scope.udp ? 'udp' : 'tcp';
  const name = first?.ref.directive.name ?? 'proxy_pass';
  if (name === 'grpc_pass') return 'grpc';
  if (name !== 'proxy_pass') return familyOf(name) as Protocol;
  const version = first?.ref.scope.settings.get('proxy_http_version')?.args[0];
  if (version === '1.1') return 'http1';
  if (version === '2' || version === '2.0') return 'h2';
  return 'http1.0';
}

/** The Host a Plus check sends: the location's literal `proxy_set_header Host`, else `$proxy_host`. */
function checkHost(header: string | undefined, proxyHost: string): string {
  return header !== undefined && !header.includes('$') ? header : proxyHost;
}

function healthCheckOf(
  proxyHost: string,
  refs: readonly GroupRef[],
  context: NginxContext,
  matches: ReadonlyMap<string, Directive>,
): ActiveHealthCheck | undefined {
  const withCheck = refs.find((r) => r.ref.healthChecks.length > 0);
  if (!withCheck) return undefined;
  const directive = withCheck.ref.healthChecks[0]!;
  const matchName = directive.args.find((a) => a.startsWith('match='))?.slice('match='.length);
  const match = matchName !== undefined ? matches.get(`${context}:${matchName}`) : undefined;
  const scopeTimeouts = effectiveTimeouts(withCheck.ref.directive.name, context, declaredTimeouts(withCheck.ref.directive.name, withCheck.ref.scope));
  const streamTimeout = withCheck.ref.scope.settings.get('health_check_timeout')?.args[0];
  return readHealthCheck({
    directive,
    context,
    ...(match ? { match } : {}),
    requestTimeoutMs: scopeTimeouts.readMs ?? 60_000,
    ...(streamTimeout !== undefined ? { streamTimeout } : {}),
    where: withCheck.ref.scope.where,
    host: checkHost(withCheck.ref.scope.proxyHeaders.get('host'), proxyHost),
  });
}

function mergeFirst(records: readonly Record<string, string>[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) if (!(k in out)) out[k] = v;
  }
  return out;
}
