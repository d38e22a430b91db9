/**
 * The orchestrator: every target of every group, layer by layer — DNS, then for EVERY resolved
 * address TCP → TLS → health → protocol. A failed layer turns the layers that depend on it into
 * `skip` with the reason, the way an SRE stops at the first broken layer (the seeds' diagnostic
 * flow). Probes return data; this file owns the bookkeeping: concurrency, the run's deadline,
 * and turning a probe that crashed or outlived the deadline into an honest `skip`.
 */
import { setMaxListeners } from 'node:events';
import type { GatewayConfig, ResolverAddress, Target, UpstreamGroup } from '../model/index.js';
import { RENDER_FIRST, effectivePort, isIpLiteral, templatePlaceholder } from '../model/index.js';
import type { PlannedProbe, ProbeSet } from './index.js';
import { PROBES, planProbes } from './index.js';
import type { BlockedBy, Probe, ProbeContext, ProbeName, ProbeResult, ProbeTarget } from './types.js';
import { blockedSkip, blockerOf, skipped } from './types.js';
import { Limiter } from './limiter.js';
import { SocketHandoff } from './socket-handoff.js';

/** One resolved address of a target and the chain of results probed there. */
export interface AddressRun {
  /** The IP connected to; undefined for unix sockets. */
  readonly ip?: string;
  readonly results: readonly ProbeResult[];
}

/** Everything probed for one configured target. */
export interface TargetRun {
  readonly group: UpstreamGroup;
  readonly target: Target;
  /** The reference this run probed the way of, when the group is spoken to in several ways (`group.ways`). */
  readonly way?: string;
  /** The name-resolution layer (a `skip` for IP literals and unix sockets, which need no lookup). */
  readonly dns: ProbeResult;
  /** One chain per resolved address (nginx and Envoy make each address its own upstream host). */
  readonly paths: readonly AddressRun[];
}

export interface ProbeRun {
  readonly targets: readonly TargetRun[];
  /** True when the run's deadline cut probes short (they show as `skip`). */
  readonly deadlineHit: boolean;
}

export interface ProgressEvent {
  readonly done: number;
  readonly total: number;
  readonly group: string;
  readonly address: string;
}

export interface RunOptions extends Omit<ProbeContext, 'signal' | 'resolvers'> {
  /** Only this group (`--group`). */
  readonly group?: string;
  /** Targets probed at once (`--concurrency`). */
  readonly concurrency: number;
  /** The whole run's budget (`--deadline`). */
  readonly deadlineMs: number;
  /** Resolvers that override the config's (`--resolver`); empty = the config's, then the system's. */
  readonly resolvers: readonly ResolverAddress[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** The probe set; the real one by default. */
  readonly probes?: ProbeSet;
}

/** Probe every target of `config` (or of `options.group`) under one deadline. */
export async function runProbes(config: GatewayConfig, options: RunOptions): Promise<ProbeRun> {
  const deadline = AbortSignal.timeout(options.deadlineMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  // One listener per target under way (see targetSignal); idle waits do not count against --concurrency.
  setMaxListeners(0, signal);
  const jobs = config.groups
    .filter((g) => options.group === undefined || g.name === options.group)
    .flatMap((group) => waysToProbe(group).flatMap(({ spoken, way }) => group.targets.map((target) => ({ group, spoken, way, target }))));
  let done = 0;
  const limiter = new Limiter(options.concurrency);
  const targets = await Promise.all(jobs.map(({ group, spoken, way, target }) => limiter.run(async (idle): Promise<TargetRun> => {
    const own = targetSignal(signal);
    try {
      const ctx = { ...contextFor(config, group, target, options, own.signal), idle };
      const run = await probeTarget(spoken, target, ctx, options.probes ?? PROBES, options.deadlineMs);
      done += 1;
      options.onProgress?.({ done, total: jobs.length, group: group.name, address: target.address });
      return way === undefined ? run : { ...run, group, way };
    } finally {
      own.dispose();
    }
  })));
  return { targets, deadlineHit: deadline.aborted };
}

/**
 * The group as each reference speaks to it: itself, or one variant per `ways` entry (that
 * reference's protocol and TLS), so the probes speak exactly as the gateway does on that path.
 */
function waysToProbe(group: UpstreamGroup): { spoken: UpstreamGroup; way?: string }[] {
  if (!group.ways || group.ways.length < 2) return [{ spoken: group }];
  return group.ways.map((way) => {
    const { tls: _tls, ways: _ways, ...rest } = group;
    return { spoken: { ...rest, protocol: way.protocol, ...(way.tls ? { tls: way.tls } : {}) }, way: way.label };
  });
}

/**
 * A signal of one target's own that follows the run's. Each probe adds and removes abort
 * listeners; on the run's signal those would pile up by the hundred (every target in flight or
 * waiting idly), and an EventTarget removes a listener by walking the list.
 */
function targetSignal(run: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const forward = (): void => controller.abort(run.reason);
  if (run.aborted) forward();
  else run.addEventListener('abort', forward, { once: true });
  setMaxListeners(64, controller.signal);
  return { signal: controller.signal, dispose: () => run.removeEventListener('abort', forward) };
}

/**
 * Resolve the way the gateway does: the command line wins; then the group's scope (nginx
 * `resolver`, Envoy dns_resolvers), then the top level. nginx consults its `resolver` only for
 * names resolved at run time (`resolve`, variables); names in an upstream block are looked up
 * once at start-up through the system resolver (getaddrinfo), so those get the system's ([]).
 */
function contextFor(
  config: GatewayConfig, group: UpstreamGroup, target: Target, options: RunOptions, signal: AbortSignal,
): ProbeContext {
  // HAProxy likewise resolves servers without `resolvers` once at start-up through libc.
  const systemOnly = (config.source.format === 'nginx' || config.source.format === 'haproxy') && !target.resolve;
  const resolvers = options.resolvers.length > 0 ? options.resolvers
    : systemOnly ? []
      : group.resolvers.length > 0 ? group.resolvers : config.resolvers;
  return {
    signal, resolvers, timeoutMs: options.timeoutMs, hostsFile: options.hostsFile, samples: options.samples,
    expiringWithinDays: options.expiringWithinDays, now: options.now,
    ...(options.patience === undefined ? {} : { patience: options.patience }),
    ...(options.resolvConf === undefined ? {} : { resolvConf: options.resolvConf }),
  };
}

async function probeTarget(
  group: UpstreamGroup, target: Target, ctx: ProbeContext, probes: ProbeSet, deadlineMs: number,
): Promise<TargetRun> {
  const notProbed = whyNotProbed(group, target);
  if (notProbed) return { group, target, dns: skipped('dns', notProbed), paths: [{ results: skipAll(group, notProbed) }] };
  const port = effectivePort(target);
  if (target.socket === 'unix') {
    const base = { group, target, host: target.host, socketPath: target.host };
    const results = await runChain(base, ctx, probes, group, deadlineMs);
    return { group, target, dns: skipped('dns', 'unix socket, no lookup'), paths: [{ results }] };
  }
  if (isIpLiteral(target.host)) {
    const base = { group, target, host: target.host, ip: target.host, ...(port === undefined ? {} : { port }) };
    const results = await runChain(base, ctx, probes, group, deadlineMs);
    return { group, target, dns: skipped('dns', `${target.host} is an IP literal, no lookup`), paths: [{ ip: target.host, results }] };
  }
  const nameOnly: ProbeTarget = { group, target, host: target.host, ...(port === undefined ? {} : { port }) };
  const dns = await guarded(probes.dns, 'dns', nameOnly, ctx, deadlineMs);
  const addresses = resolvedAddresses(dns);
  if (dns.outcome === 'fail') return { group, target, dns, paths: [{ results: blockAll(group, blockerOf(dns)) }] };
  if (dns.outcome === 'skip' || addresses.length === 0) {
    const reason = dns.outcome === 'skip' ? `dns did not run (${dns.reason ?? dns.message})` : 'dns returned no address';
    return { group, target, dns, paths: [{ results: skipAll(group, reason) }] };
  }
  const paths = await Promise.all(addresses.map(async (ip) => ({
    ip, results: await runChain({ ...nameOnly, ip }, ctx, probes, group, deadlineMs),
  })));
  return { group, target, dns, paths };
}

/** Targets uh cannot probe, with the reason the report shows. */
function whyNotProbed(group: UpstreamGroup, target: Target): string | undefined {
  if (group.discovery === 'dynamic') return 'endpoints come from service discovery, not from the file';
  const placeholder = templatePlaceholder(target.host) ?? (target.portText !== undefined ? templatePlaceholder(target.portText) ?? target.portText : undefined);
  if (placeholder !== undefined) return `templated: ${placeholder} is a template placeholder, not a value; ${RENDER_FIRST}`;
  if (target.socket === 'inet' && effectivePort(target) === undefined) return 'no port is known for this target';
  if (group.protocol === 'udp') return 'udp upstreams are not probed';
  return undefined;
}

/** TCP → TLS → health → protocol on one address. */
async function runChain(
  pt: ProbeTarget, ctx: ProbeContext, probes: ProbeSet, group: UpstreamGroup, deadlineMs: number,
): Promise<ProbeResult[]> {
  const plan = planProbes(group);
  const handoff = sharesConnection(plan, group) ? new SocketHandoff() : undefined;
  try {
    return await runSteps(plan, pt, handoff ? { ...ctx, handoff } : ctx, probes, group, deadlineMs);
  } finally {
    handoff?.discard();
  }
}

/** A plain-text chain whose health check is an http probe can send it on the TCP layer's connection. */
function sharesConnection(plan: readonly PlannedProbe[], group: UpstreamGroup): boolean {
  return !group.tls && plan.some((s) => s.stage === 'health' && s.probe === 'http' && !s.skip);
}

async function runSteps(
  plan: readonly PlannedProbe[], pt: ProbeTarget, ctx: ProbeContext, probes: ProbeSet, group: UpstreamGroup, deadlineMs: number,
): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  /** `any` blocks every later step; `connectivity` (dns/tcp/tls failed, or no answer at all) also blocks the protocol layer. */
  let blocked: { any: BlockedBy; connectivity: BlockedBy | undefined } | undefined;
  const early = new Map<number, Promise<ProbeResult>>();
  for (const [index, step] of plan.entries()) {
    if (step.skip) { results.push(skipped(step.probe, step.skip)); continue; }
    // A failed health check does not block the protocol layer: a protocol mismatch is often WHY it failed.
    const blocker = step.stage === 'protocol' ? blocked?.connectivity : blocked?.any;
    if (blocker) { results.push(blockedSkip(step.probe, blocker)); continue; }
    const known = alreadyAnswered(step, plan, results, group);
    if (known) { results.push(known); continue; }
    if (step.stage === 'secure' && !group.tls) startHealthAlongside(plan, index, early, pt, ctx, probes, deadlineMs);
    const result = await (early.get(index) ?? guarded(probes[step.probe], step.probe, pt, ctx, deadlineMs));
    results.push(result);
    if (result.outcome === 'fail') {
      const blocker = blockerOf(result);
      const silent = step.stage === 'health' && neverAnswered(result);
      blocked = step.stage === 'health' && !silent ? { any: blocker, connectivity: blocked?.connectivity } : { any: blocker, connectivity: blocker };
    }
  }
  return results;
}

/**
 * With a plain-text gateway the TLS layer only sniffs whether the port speaks TLS anyway
 * (plaintext-to-tls); it does not gate the health check's connection, so both run at once and a
 * silent upstream costs one wait, not two. Ranking still puts a TLS finding first.
 */
function startHealthAlongside(
  plan: readonly PlannedProbe[], secureIndex: number, early: Map<number, Promise<ProbeResult>>,
  pt: ProbeTarget, ctx: ProbeContext, probes: ProbeSet, deadlineMs: number,
): void {
  const healthIndex = plan.findIndex((step, i) => i > secureIndex && step.stage === 'health' && !step.skip);
  const health = plan[healthIndex];
  if (!health) return;
  early.set(healthIndex, guarded(probes[health.probe], health.probe, pt, ctx, deadlineMs));
}

/**
 * Layers another probe of the chain already answers, so no extra connection is spent on them:
 * - a plain-text gateway's TLS sniff, when the http health check runs (it sniffs for TLS itself
 *   whenever the answer is not HTTP: plaintext-to-tls);
 * - an HTTP/1.x gateway's protocol check, when the health check got an HTTP/1.x answer (an
 *   h2-only upstream answers HTTP/1 with a SETTINGS frame, which the health probe reports).
 */
function alreadyAnswered(
  step: PlannedProbe, plan: readonly PlannedProbe[], results: readonly ProbeResult[], group: UpstreamGroup,
): ProbeResult | undefined {
  if (step.stage === 'secure' && !group.tls && plan.some((s) => s.stage === 'health' && s.probe === 'http' && !s.skip)) {
    return skipped('tls', 'the gateway speaks plain text; the http health check looks for a TLS port itself');
  }
  if (step.stage !== 'protocol' || step.probe !== 'h2' || (group.protocol !== 'http1' && group.protocol !== 'http1.0')) return undefined;
  const health = results.find((r): r is ProbeResult<'http'> => r.probe === 'http');
  const status = health?.facts.status;
  if (status === undefined) return undefined;
  return {
    probe: 'h2', outcome: 'pass', ms: 0, observations: [], facts: { speaks: ['http/1.1'], from: 'the http health check' },
    message: `answered the health check over HTTP/1.x (${status}), as the gateway speaks it`,
  };
}

/** The health check got no answer at all (hung upstream): the protocol layer would only wait again. */
function neverAnswered(result: ProbeResult): boolean {
  return result.observations.some((o) => o.cause === 'health-timeout');
}

/** Every later layer skipped for one reason (a template port, no address...). */
function skipAll(group: UpstreamGroup, reason: string): ProbeResult[] {
  return planProbes(group).map((step) => skipped(step.probe, step.skip ?? reason));
}

/** Every later layer blocked by one failure (the name did not resolve); steps that never apply keep their own reason. */
function blockAll(group: UpstreamGroup, by: BlockedBy): ProbeResult[] {
  return planProbes(group).map((step) => (step.skip ? skipped(step.probe, step.skip) : blockedSkip(step.probe, by)));
}

/**
 * Run one probe under the run's deadline: a probe that throws (a bug) or outlives the deadline
 * becomes a `skip` naming why — never a pass, never an unbounded wait.
 */
async function guarded<N extends ProbeName>(
  probe: Probe<N>, name: N, pt: ProbeTarget, ctx: ProbeContext, deadlineMs: number,
): Promise<ProbeResult<N>> {
  if (ctx.signal.aborted) return skipped(name, `the run's deadline (${deadlineMs} ms) was reached`);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<ProbeResult<N>>((resolve) => {
    onAbort = () => resolve(skipped(name, `the run's deadline (${deadlineMs} ms) was reached before the probe finished`));
    ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([probe(pt, ctx), aborted]);
  } catch (err) {
    return skipped(name, `the ${name} probe crashed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    if (onAbort) ctx.signal.removeEventListener('abort', onAbort);
  }
}

/** Every address the DNS probe resolved, once each, in answer order. */
function resolvedAddresses(dns: ProbeResult<'dns'>): string[] {
  return [...new Set((dns.facts.addresses ?? []).map((a) => a.address))];
}
