/**
 * The DNS layer: which addresses does the target's name stand for, and according to whom?
 *
 * Order as the system resolver does it (nsswitch `hosts: files dns`): IP literals need no lookup;
 * then /etc/hosts (ctx.hostsFile; not for nginx's run-time `resolve`, whose resolver ignores it); then DNS, asked DIRECTLY (dns-query.ts) for A and AAAA at
 * every resolver, so each resolver's own answer is evidence. Resolvers: ctx.resolvers when the
 * run names them, else the group's (nginx `resolver`, Envoy dns_resolvers), else the system's
 * (ctx.resolvConf, /etc/resolv.conf by default — tests pass their own file or a loopback server).
 * Only the system's resolver applies resolv.conf's `search` list to short names (resolv-conf.ts):
 * nginx's and HAProxy's own DNS clients ask the name as written.
 *
 * Catalog: NXDOMAIN → dns-nxdomain; NOERROR without A/AAAA → dns-no-answer; SERVFAIL, REFUSED or
 * silence → dns-resolver-unreachable (a warning when another resolver still answered); resolvers
 * that disagree, or /etc/hosts pinning other addresses than DNS → dns-inconsistent (warning).
 * Facts carry EVERY resolved address: the TCP layer connects to each of them.
 */
import { isIP } from 'node:net';
import type { ResolverAddress } from '../model/index.js';
import { isIpLiteral } from '../model/index.js';
import type { Measured, Observation, Probe, ProbeContext, ProbeResult, ProbeTarget } from './types.js';
import { skipText } from './types.js';
import type { DnsAnswer, RrType } from './dns-query.js';
import { formatResolver, queryDns } from './dns-query.js';
import type { HostsEntry } from './hosts-file.js';
import { lookupHosts } from './hosts-file.js';
import type { ProbeResultCode } from './codes.js';
import { relayCode } from './codes.js';
import type { DnsAddress, DnsFacts, ResolverReport } from './facts.js';
import { DIRECT_CONFIDENCE, observe } from './observe.js';
import type { ResolvConf } from './resolv-conf.js';
import { SYSTEM_RESOLV_CONF, readResolvConf, searchNames } from './resolv-conf.js';
export type { DnsAddress, DnsFacts, ResolverReport } from './facts.js';

const UDP_ATTEMPTS = 2;
const round = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * RFC 6761 §6.3: `localhost` and `*.localhost` are loopback and never sent to a resolver. Used when
 * the hosts file has no line for them (a hosts file that does wins, as it does for the system).
 */
export function isLocalhostName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  return n === 'localhost' || n.endsWith('.localhost');
}

/**
 * nginx re-resolving at run time (`server name resolve;`) asks its own `resolver` over UDP and never
 * reads /etc/hosts (ngx_resolver.c); only its start-up resolution goes through getaddrinfo. Envoy's
 * c-ares resolver does read /etc/hosts, so this applies to nginx groups only.
 */
export function skipsHostsFile(target: ProbeTarget): boolean {
  // HAProxy's own DNS client (`resolvers` sections) asks its nameservers only, like nginx's.
  const own = ['upstream block', 'proxy_pass literal', 'backend', 'listen'].includes(target.group.source);
  return own && target.target.resolve;
}

/** The nameservers of resolv.conf(5); glibc falls back to the local host when there are none. */
export async function systemResolvers(file = SYSTEM_RESOLV_CONF): Promise<ResolverAddress[]> {
  return [...(await readResolvConf(file)).nameservers];
}

/** The resolvers to ask, and the system's configuration when it is the system's resolver (search list applies). */
async function resolversFor(target: ProbeTarget, ctx: ProbeContext): Promise<{ servers: readonly ResolverAddress[]; system?: ResolvConf }> {
  if (ctx.resolvers.length > 0) return { servers: ctx.resolvers };
  if (target.group.resolvers.length > 0) return { servers: target.group.resolvers };
  const system = await readResolvConf(ctx.resolvConf);
  return { servers: system.nameservers, system };
}

/**
 * Ask every resolver for each name the resolver would try, in order, until one answers with
 * addresses (res_search). Stops early when no resolver could be reached: glibc would time out on
 * every further name too. Returns the reports of the name that answered, else of every name asked.
 */
async function askAll(
  names: readonly string[], servers: readonly ResolverAddress[], types: readonly RrType[], ctx: ProbeContext,
): Promise<{ name: string; reports: ResolverReport[]; tried: { name: string; reports: ResolverReport[] }[] }> {
  const tried: { name: string; reports: ResolverReport[] }[] = [];
  for (const name of names) {
    const reports = await Promise.all(servers.map((s) => askResolver(s, name, types, ctx)));
    tried.push({ name, reports });
    if (reports.some((r) => r.verdict === 'answered')) return { name, reports, tried };
    if (ctx.signal.aborted || reports.every((r) => r.verdict === 'unreachable')) break;
  }
  const last = tried[tried.length - 1]!;
  return { name: last.name, reports: last.reports, tried };
}

/** Per-attempt budget: two UDP attempts fit in the probe's budget. */
function attemptMs(ctx: ProbeContext): number {
  return Math.min(2000, Math.max(100, Math.floor(ctx.timeoutMs / UDP_ATTEMPTS)));
}

/**
 * The record types the gateway asks for. Envoy's `dns_lookup_family` (kept in group.params by the
 * parser) can restrict it to one family; AUTO / V4_PREFERRED / ALL and everything else use both.
 * nginx's `resolver … ipv6=off` asks for A only.
 */
export function wantedTypes(target: ProbeTarget, resolvers: readonly ResolverAddress[] = []): readonly RrType[] {
  const family = String(target.group.params['dns_lookup_family'] ?? '').toUpperCase();
  if (family === 'V4_ONLY') return ['A'];
  if (family === 'V6_ONLY') return ['AAAA'];
  if (resolvers.length > 0 && resolvers.every((r) => r.ipv6 === false)) return ['A'];
  return ['A', 'AAAA'];
}

function verdictOf(wanted: readonly DnsAnswer[]): ResolverReport['verdict'] {
  if (wanted.some((x) => x.kind === 'answer' && x.addresses.length > 0)) return 'answered';
  if (wanted.some((x) => x.kind === 'answer' && x.rcode === 'NXDOMAIN')) return 'nxdomain';
  if (wanted.some((x) => x.kind === 'answer' && x.rcode === 'NOERROR')) return 'nodata';
  return 'unreachable';
}

/** Both types are always asked (the other family is evidence); only the wanted ones decide. */
async function askResolver(server: ResolverAddress, name: string, types: readonly RrType[], ctx: ProbeContext): Promise<ResolverReport> {
  const ask = (type: RrType): Promise<DnsAnswer> =>
    queryDns({ server, name, type, timeoutMs: attemptMs(ctx), attempts: UDP_ATTEMPTS, signal: ctx.signal });
  const [a, aaaa] = await Promise.all([ask('A'), ask('AAAA')]);
  const answers = { A: a, AAAA: aaaa };
  const wanted = types.map((t) => answers[t]);
  const addresses = wanted.flatMap((x) => (x.kind === 'answer' ? x.addresses : []));
  return { resolver: formatResolver(server), verdict: verdictOf(wanted), answers, addresses };
}

/** `A → 10.0.0.1, 10.0.0.2 (udp, 0.8 ms)`, `AAAA → NXDOMAIN (1.1 ms)`, `A → no answer: 2 × 500 ms`. */
export function describeAnswer(type: RrType, answer: DnsAnswer): string {
  switch (answer.kind) {
    case 'answer': {
      const what = answer.addresses.length > 0
        ? answer.addresses.join(', ')
        : answer.rcode === 'NOERROR' ? 'NOERROR, no records' : answer.rcode;
      const via = answer.truncatedUdp ? 'TC=1 over UDP, answered over TCP' : answer.via;
      return `${type} → ${what} (${via}, ${answer.ms} ms)`;
    }
    case 'timeout':
      return `${type} → no answer: ${answer.attempts} × ${answer.perAttemptMs} ms`;
    case 'error':
      return `${type} → ${answer.code}: ${answer.message}`;
    case 'aborted':
      return `${type} → aborted`;
  }
}

function evidenceFor(name: string, report: ResolverReport): string {
  return `${report.resolver} ${name}: ${describeAnswer('A', report.answers.A)}; ${describeAnswer('AAAA', report.answers.AAAA)}`;
}

function familyOf(address: string): 4 | 6 {
  return isIP(address) === 6 ? 6 : 4;
}

function unique(addresses: readonly string[]): string[] {
  return [...new Set(addresses)];
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();



/** Warnings when DNS answered: resolvers disagree, or some of them are down. */
function dnsWarnings(name: string, reports: readonly ResolverReport[]): Observation[] {
  const answered = reports.filter((r) => r.verdict === 'answered');
  const out: Observation[] = [];
  const disagree = reports.filter((r) => r.verdict === 'nxdomain' || r.verdict === 'nodata'
    || (r.verdict === 'answered' && !sameSet(r.addresses, answered[0]!.addresses)));
  if (disagree.length > 0) {
    out.push(observe('dns-inconsistent', [...answered, ...disagree].filter((r, i, all) => all.indexOf(r) === i).map((r) => evidenceFor(name, r)), 0.9));
  }
  const down = reports.filter((r) => r.verdict === 'unreachable');
  if (down.length > 0) {
    const lines = down.map((r) => evidenceFor(name, r));
    lines.push(`${answered.length} of ${reports.length} resolvers answered: a gateway that rotates resolvers fails some lookups`);
    // One resolver of several down: the name still resolves, so this is a warning, not the outage its id names.
    out.push(observe('dns-resolver-unreachable', lines, 0.85, 'warning'));
  }
  return out;
}

function failure(name: string, reports: readonly ResolverReport[]): { cause: Observation['cause']; code: ProbeResultCode; lines: string[] } {
  const lines = reports.map((r) => evidenceFor(name, r));
  if (reports.some((r) => r.verdict === 'nxdomain')) return { cause: 'dns-nxdomain', code: 'NXDOMAIN', lines };
  if (reports.some((r) => r.verdict === 'nodata')) return { cause: 'dns-no-answer', code: 'NODATA', lines };
  const rcodes = reports.flatMap((r) => [r.answers.A, r.answers.AAAA]).map((x) => (x.kind === 'answer' ? x.rcode : x.kind === 'timeout' ? 'DNS_TIMEOUT' : x.kind === 'error' ? relayCode(x.code) : 'ABORTED'));
  return { cause: 'dns-resolver-unreachable', code: rcodes[0] ?? 'DNS_TIMEOUT', lines };
}

function hostsOverride(name: string, file: string, entries: readonly HostsEntry[], reports: readonly ResolverReport[]): Observation[] {
  const pinned = entries.map((e) => e.address);
  const differing = reports.filter((r) => r.verdict === 'answered' && !sameSet(r.addresses, pinned));
  if (differing.length === 0) return [];
  const where = entries.map((e) => `${file}:${e.line}`).join(', ');
  return [observe('dns-inconsistent', [
    `${where} pins ${name} to ${pinned.join(', ')}; the gateway's system resolver uses this before DNS`,
    ...differing.map((r) => `DNS ${evidenceFor(name, r)}`),
  ], 0.9)];
}

function result(
  outcome: ProbeResult['outcome'], started: number, message: string, facts: DnsFacts,
  observations: Observation[], code?: ProbeResultCode,
): Measured<'dns'> {
  return { probe: 'dns', outcome, ms: round(performance.now() - started), message, ...(code ? { code } : {}), observations, facts };
}

/** Resolve the target's name as the gateway would (see the file comment). */
export const dnsProbe: Probe<'dns'> = async (target, ctx) => {
  const started = performance.now();
  const name = target.host;
  if (target.target.socket === 'unix' || target.socketPath !== undefined) {
    return { probe: 'dns', outcome: 'skip', ms: 0, ...skipText('a unix socket has no name to resolve'), observations: [], facts: { name, addresses: [], resolvers: [] } };
  }
  if (isIpLiteral(name)) {
    const addresses: DnsAddress[] = [{ address: name, family: familyOf(name), source: 'literal' }];
    return result('pass', started, `${name} is an IP literal: no lookup`, { name, addresses, resolvers: [] }, []);
  }
  const hosts = skipsHostsFile(target) ? { entries: [] } : await lookupHosts(ctx.hostsFile, name);
  if (hosts.entries.length === 0 && isLocalhostName(name)) {
    const addresses: DnsAddress[] = [{ address: '127.0.0.1', family: 4, source: 'literal' }];
    return result('pass', started, `${name} is a localhost name (RFC 6761): loopback, no lookup`, { name, addresses, resolvers: [] }, []);
  }
  const { servers, system } = await resolversFor(target, ctx);
  const types = wantedTypes(target, ctx.resolvers);
  const asked = await askAll(system ? searchNames(name, system) : [name], servers, types, ctx);
  const reports = asked.reports;
  if (ctx.signal.aborted) return { ...result('skip', started, '', { name, addresses: [], resolvers: reports }, [], 'ABORTED'), ...skipText('the run was aborted') };
  const searched = asked.name !== name ? asked.name : undefined;
  const base = { name, resolvers: reports, hostsFile: ctx.hostsFile, ...(searched !== undefined ? { queried: searched } : {}) };
  if (hosts.entries.length > 0) {
    const addresses = hosts.entries.map((e): DnsAddress => ({ address: e.address, family: e.family, source: 'hosts' }));
    const observations = hostsOverride(name, ctx.hostsFile, hosts.entries, reports);
    const facts: DnsFacts = { ...base, addresses, hostsLines: hosts.entries.map((e) => e.line) };
    const message = `${name} → ${addresses.map((a) => a.address).join(', ')} (${ctx.hostsFile})`;
    return result(observations.length > 0 ? 'warn' : 'pass', started, message, facts, observations);
  }
  const answered = reports.filter((r) => r.verdict === 'answered');
  if (answered.length > 0) {
    const addresses = unique(answered.flatMap((r) => r.addresses)).map((address): DnsAddress => ({ address, family: familyOf(address), source: 'dns' }));
    const observations = dnsWarnings(asked.name, reports);
    const as = searched !== undefined ? ` as ${searched}, from the search list of ${system!.file}` : '';
    const message = `${name} → ${addresses.map((a) => a.address).join(', ')} (dns ${answered.map((r) => r.resolver).join(', ')}${as})`;
    return result(observations.length > 0 ? 'warn' : 'pass', started, message, { ...base, addresses }, observations);
  }
  const { cause, code, lines } = failure(asked.name, reports);
  if (asked.tried.length > 1) {
    lines.splice(0, lines.length, ...asked.tried.flatMap((t) => t.reports.map((r) => evidenceFor(t.name, r))));
    lines.push(`${system!.file}: search ${system!.search.join(' ')} (ndots ${system!.ndots}): ${asked.tried.length} names asked, none answered`);
  }
  if (types.length === 1) lines.push(`the gateway asks only for ${types[0]} records (dns_lookup_family ${String(target.group.params['dns_lookup_family'])})`);
  const message = `${name}: ${code} (${reports.map((r) => `${r.resolver} ${r.verdict}`).join(', ')})`;
  return result('fail', started, message, { ...base, addresses: [] }, [observe(cause, lines, DIRECT_CONFIDENCE)], code);
};
