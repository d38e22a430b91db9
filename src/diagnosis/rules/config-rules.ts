/**
 * Static checks on the model: what the file alone says about a gateway's chance of finding a
 * healthy upstream. Each rule is one small function of the config; `CONFIG_RULES` lists them.
 * `proxyTimeoutBelowLatency` is the one config-layer rule that also reads what the probes measured.
 * Severities come from the catalog; the evidence names the directive or key and its value.
 */
import type { GatewayConfig, Target, UpstreamGroup } from '../../model/index.js';
import { effectiveWeight, formatDuration, formatLine, isIpLiteral } from '../../model/index.js';
import type { Candidate } from '../candidate.js';
import { candidate, configFault, measured } from '../candidate.js';
import { formatMs, targetLatencyMs } from '../latency.js';
import { definedAt, didYouMeanGroup, similarGroup } from './similar-group.js';
import type { ConfigRule, MeasuredRule } from './types.js';


const perGroup = (check: (group: UpstreamGroup, config: GatewayConfig) => Candidate[]): ConfigRule =>
  (config) => config.groups.flatMap((group) => check(group, config));

const isHostName = (t: Target): boolean => t.socket === 'inet' && !isIpLiteral(t.host);

/**
 * A route/proxy_pass/cluster that names no group: the gateway has nowhere to send it. A near miss
 * of a defined group gets a did-you-mean and that group's place in the file (HAProxy `use_backend`
 * lands here too, as a route).
 */
export const upstreamUndefined: ConfigRule = (config) => {
  const names = new Set(config.groups.map((g) => g.name));
  return config.routes.filter((r) => !names.has(r.upstream)).map((route) => {
    const similar = similarGroup(config, route.upstream);
    return configFault('config-upstream-undefined', {
      group: route.upstream,
      evidence: [
        `${route.via} → \`${route.upstream}\` at ${formatLine(route.loc)}, but no group of that name is defined`
          + (route.listener ? ` (${route.listener})` : '') + didYouMeanGroup(similar),
        ...(similar ? [definedAt(similar)] : []),
      ],
      loc: route.loc,
    });
  });
};

/** Every primary member is down or weight 0, or only backups exist: nothing can take traffic by design. */
export const allMembersDown: ConfigRule = perGroup((group) => {
  if (group.targets.length === 0 || group.discovery === 'dynamic') return [];
  const primaries = group.targets.filter((t) => !t.backup);
  const usable = primaries.filter((t) => !t.down && effectiveWeight(t) > 0);
  if (usable.length > 0) return [];
  const why = primaries.length === 0 ? `all ${group.targets.length} member(s) are backups, no primary exists`
    : primaries.map((t) => `${t.address} ${t.down ? 'is marked down' : 'has weight 0'}`).join('; ');
  return [configFault('config-all-members-down', {
    group: group.name, targets: group.targets.map((t) => t.address), evidence: [why], loc: group.loc,
  })];
});

/** No active check: the gateway learns a target is dead only from failing real requests. */
export const noHealthCheck: ConfigRule = perGroup((group) => {
  if (group.health.active || group.targets.length === 0) return [];
  const passive = group.health.passive
    ? `only passive checks (${group.health.passive.maxFailures} failures in ${formatDuration(group.health.passive.failureWindowMs)})`
    : passiveMembers(group) ?? 'no health check at all';
  return [candidate('config-no-health-check', { group: group.name, evidence: [passive], loc: group.loc })];
});

function passiveMembers(group: UpstreamGroup): string | undefined {
  const first = group.targets.find((t) => t.passive);
  return first?.passive
    ? `only passive checks (max_fails=${first.passive.maxFails} fail_timeout=${formatDuration(first.passive.failTimeoutMs)})`
    : undefined;
}

/** One member: when it goes, the group has no healthy upstream. */
export const singleMember: ConfigRule = perGroup((group) => {
  if (group.targets.length !== 1 || group.discovery === 'dynamic') return [];
  const only = group.targets[0]!;
  return [candidate('config-single-member', {
    group: group.name, targets: [only.address], evidence: [`one member only: ${only.address}`], loc: group.loc,
  })];
});

/** A check that may take longer than the interval overlaps the next one and lags every state change. */
export const healthTimeoutExceedsInterval: ConfigRule = perGroup((group) => {
  const active = group.health.active;
  if (!active || active.timeoutFromInterval || active.timeoutMs < active.intervalMs) return [];
  return [candidate('config-health-timeout-exceeds-interval', {
    group: group.name,
    evidence: [`check timeout ${formatDuration(active.timeoutMs)} ≥ interval ${formatDuration(active.intervalMs)} (${active.origin})`],
    loc: active.loc,
  })];
});

/** EDS/xDS and friends: the endpoints are not in the file, so uh cannot probe them. */
export const dynamicEndpoints: ConfigRule = perGroup((group) => {
  if (group.discovery !== 'dynamic') return [];
  const kind = group.clusterType ? `cluster type ${group.clusterType}` : 'service discovery';
  return [candidate('config-dynamic-endpoints', {
    group: group.name, evidence: [`endpoints come from ${kind}, not from the file; not probed`], loc: group.loc,
  })];
});

/**
 * nginx resolves `resolve` members and variable `proxy_pass` targets at run time with its own
 * `resolver` directive — it never falls back to /etc/resolv.conf, so without one the lookup fails.
 */
export const noResolver: ConfigRule = (config) => {
  if (config.source.format !== 'nginx' || config.resolvers.length > 0) return [];
  const fromMembers = config.groups.flatMap((group) => {
    if (group.resolvers.length > 0) return [];
    const runtime = group.targets.filter((t) => t.resolve && isHostName(t));
    if (runtime.length === 0) return [];
    return [configFault('config-no-resolver', {
      group: group.name, targets: runtime.map((t) => t.address),
      evidence: runtime.map((t) => `${t.address} is resolved at run time (\`resolve\`, ${formatLine(t.loc)}) but no \`resolver\` is in scope`),
      loc: runtime[0]!.loc,
    })];
  });
  const fromVariables = config.unresolved.filter((u) => u.resolvedValue === undefined).map((u) => configFault('config-no-resolver', {
    group: '', evidence: [`${u.directive} ${u.text} holds a variable, resolved per request, but no \`resolver\` is in scope`], loc: u.loc,
  }));
  return [...fromMembers, ...fromVariables];
};

/** Host names looked up once at start-up: an IP change goes unnoticed until a reload. */
export const staleDns: ConfigRule = perGroup((group) => {
  if (group.discovery !== 'dns-once') return [];
  const names = group.targets.filter((t) => isHostName(t) && !t.resolve);
  if (names.length === 0) return [];
  return [candidate('config-stale-dns', {
    group: group.name, targets: names.map((t) => t.address),
    evidence: [`${names.map((t) => t.host).join(', ')} resolved once at start-up, never again`], loc: names[0]!.loc,
  })];
});

/** TLS without verification: a risk, and why a bad certificate may not show as an outage. */
export const tlsNotVerified: ConfigRule = perGroup((group) => {
  if (!group.tls || group.tls.verify) return [];
  return [candidate('config-tls-not-verified', {
    group: group.name, evidence: [`TLS upstream without verifying the certificate (${verifyHow(group)})`], loc: group.tls.loc,
  })];
});

function verifyHow(group: UpstreamGroup): string {
  const declared = group.tls?.declared ?? {};
  if ('proxy_ssl_verify' in declared) return `proxy_ssl_verify ${String(declared.proxy_ssl_verify)}`;
  if (group.source === 'backend' || group.source === 'listen') return 'verify' in declared ? `verify ${String(declared.verify)}` : 'global ssl-server-verify none';
  if (group.source === 'upstream block' || group.source === 'proxy_pass literal') return 'nginx default: proxy_ssl_verify off';
  if (group.source === 'cluster') return 'no validation_context';
  return 'verify: false';
}

/**
 * Verification on, no trust store: nginx refuses the whole config at start ("no
 * proxy_ssl_trusted_certificate for proxy_ssl_verify"), the same verdict `--validate` folds in.
 */
export const verifyWithoutTrustStore: ConfigRule = perGroup((group) => {
  const missing = group.tls?.trustStoreMissing;
  if (!missing) return [];
  const family = missing.directive.replace(/_verify$/, '');
  return [configFault('config-parse-error', {
    group: group.name,
    evidence: [`nginx refuses this config at start: no ${family}_trusted_certificate for ${missing.directive} (${missing.directive} on at ${formatLine(missing.loc)}); nginx has no default trust store`],
    loc: missing.loc,
  })];
});

/** nginx's default `proxy_http_version 1.0`: a new connection per request, no keep-alive. */
export const upstreamHttp10: ConfigRule = perGroup((group) => {
  if (group.protocol !== 'http1.0') return [];
  return [candidate('config-upstream-http10', {
    group: group.name, evidence: ['spoken to in HTTP/1.0 with Connection: close (no keep-alive)'], loc: group.loc,
  })];
});

/** nginx `proxy_read_timeout` / Envoy route `timeout` below the measured answer time: requests time out (504). */
export const proxyTimeoutBelowLatency: MeasuredRule = (runs) => runs.flatMap((run) => {
  const { readMs, requestMs } = run.group.timeouts;
  const limit = readMs ?? requestMs;
  const latency = targetLatencyMs(run);
  if (limit === undefined || latency === undefined || latency <= limit) return [];
  const name = readMs !== undefined ? 'read timeout' : 'request timeout';
  return [measured('config-proxy-timeout-below-latency', {
    group: run.group.name, targets: [run.target.address], confidence: 0.8,
    evidence: [`${run.target.address} answered in ${formatMs(latency)}; the gateway's ${name} is ${formatMs(limit)}`],
    loc: run.target.loc,
  })];
});

/** Config-layer rules that need measurements. */
export const CONFIG_MEASURED_RULES: readonly MeasuredRule[] = [proxyTimeoutBelowLatency];

/** Every static rule, in catalog order. */
export const CONFIG_RULES: readonly ConfigRule[] = [
  upstreamUndefined, allMembersDown, noHealthCheck, singleMember, healthTimeoutExceedsInterval,
  dynamicEndpoints, noResolver, staleDns, tlsNotVerified, verifyWithoutTrustStore, upstreamHttp10,
];
