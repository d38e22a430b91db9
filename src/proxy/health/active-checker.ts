import { lookup } from 'node:dns/promises';
import type { ActiveCheckType, ActiveHealthCheck, ResolverAddress, UpstreamGroup } from '../../model/index.js';
import { isIpLiteral } from '../../model/index.js';
import { grpcProbe } from '../../probes/grpc.js';
import { httpProbe } from '../../probes/http.js';
import { mcpProbe } from '../../probes/mcp.js';
import { tcpProbe } from '../../probes/tcp.js';
import type { Probe, ProbeContext, ProbeResult, ProbeTarget } from '../../probes/types.js';
import type { TargetState } from '../target-state.js';
import { causeOfErrorCode } from '../../causes/error-codes.js';

/** The diagnose probes, by check type: `serve` checks targets exactly the way `diagnose` probes them. */
export const CHECK_PROBES: { readonly [T in ActiveCheckType]: Probe<T> } = {
  http: httpProbe,
  tcp: tcpProbe,
  grpc: grpcProbe,
  mcp: mcpProbe,
};

export const WAITING_REASON = 'new target: waiting for its first passing active check';

export interface CheckerOptions {
  readonly group: UpstreamGroup;
  readonly check: ActiveHealthCheck;
  readonly target: TargetState;
  readonly resolvers: readonly ResolverAddress[];
  readonly probes?: Readonly<Record<ActiveCheckType, Probe<ActiveCheckType>>>;
  readonly random?: () => number;
  /** Called after every verdict (the group runtime logs state changes, not probes). */
  readonly onResult?: (result: ProbeResult) => void;
}

/**
 * Active health checking of one target (HAProxy `check inter rise fall`, Envoy `HealthCheck`):
 * a probe every `interval` (± jitter, `unhealthy_interval` while failing); `fall` consecutive
 * failures set `failedActive`, `rise` consecutive passes clear it. A `skip` (the probe could not
 * run) is no verdict: it neither counts up nor down, so an unbuilt probe can never mark a target
 * healthy or dead.
 */
export class ActiveChecker {
  readonly #o: CheckerOptions;
  readonly #probe: Probe<ActiveCheckType>;
  #passes = 0;
  #fails = 0;
  #timer: NodeJS.Timeout | undefined;
  #abort = new AbortController();
  #stopped = false;

  constructor(options: CheckerOptions) {
    this.#o = options;
    this.#probe = (options.probes ?? CHECK_PROBES)[options.check.type];
  }

  /** First check after a short random offset, so targets are not probed in lock-step. */
  start(): void {
    this.#schedule(Math.floor((this.#o.random ?? Math.random)() * Math.min(50, this.#o.check.intervalMs)));
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#abort.abort();
    this.#o.target.nextCheckAt = undefined;
  }

  /** Run one check now and apply its verdict (also what the timer does). */
  async checkOnce(): Promise<ProbeResult> {
    const { check, target } = this.#o;
    const result = await this.#run();
    if (this.#stopped) return result;
    target.recordProbe(result);
    if (result.outcome === 'pass' || result.outcome === 'warn') this.#pass(check.rise);
    else if (result.outcome === 'fail') this.#fail(result, check.fall);
    this.#o.onResult?.(result);
    return result;
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    this.#o.target.nextCheckAt = Date.now() + delay;
    this.#timer = setTimeout(() => void this.checkOnce().finally(() => this.#schedule(this.#nextDelay())), delay);
    this.#timer.unref();
  }

  #nextDelay(): number {
    const { check, target } = this.#o;
    const base = target.flag('failedActive') ? (check.unhealthyIntervalMs ?? check.intervalMs) : check.intervalMs;
    const jitter = check.jitter ?? 0;
    const spread = base * jitter * ((this.#o.random ?? Math.random)() * 2 - 1);
    return Math.max(1, Math.round(base + spread));
  }

  #pass(rise: number): void {
    this.#fails = 0;
    this.#passes++;
    const { target } = this.#o;
    if (target.flag('failedActive') && this.#passes >= rise) {
      target.clear('failedActive', Date.now(), `${this.#passes} consecutive active checks passed`);
    }
  }

  #fail(result: ProbeResult, fall: number): void {
    this.#passes = 0;
    this.#fails++;
    const { target } = this.#o;
    const waiting = target.flag('failedActive')?.reason === WAITING_REASON;
    if ((target.flag('failedActive') && !waiting) || this.#fails < fall) return;
    const cause = result.observations[0]?.cause ?? causeOfErrorCode(result.code);
    const reason = `${this.#fails} consecutive active checks failed: ${result.message}`;
    // Replacing the waiting reason keeps the flag set: no transient "healthy" in between.
    target.set('failedActive', { reason, since: Date.now(), ...(cause ? { cause } : {}) });
  }

  async #run(): Promise<ProbeResult> {
    const { check, target, group } = this.#o;
    const signal = AbortSignal.any([this.#abort.signal, AbortSignal.timeout(check.timeoutMs + 1000)]);
    const ctx: ProbeContext = {
      signal,
      timeoutMs: check.timeoutMs,
      resolvers: this.#o.resolvers,
      hostsFile: '/etc/hosts',
      samples: 1,
      expiringWithinDays: 14,
      now: Date.now,
    };
    const started = performance.now();
    try {
      return await this.#probe(await probeTarget(group, target, check, signal), ctx);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { probe: check.type === 'tcp' ? 'tcp' : check.type, outcome: 'fail', ms: performance.now() - started, message, observations: [], facts: {} };
    }
  }
}

/** Where the probe connects: the literal IP, or the name looked up once per check. */
async function probeTarget(group: UpstreamGroup, t: TargetState, check: ActiveHealthCheck, signal: AbortSignal): Promise<ProbeTarget> {
  const port = t.target.checkPort ?? check.port ?? t.port;
  if (t.target.socket === 'unix') return { group, target: t.target, host: t.host, socketPath: t.host };
  if (isIpLiteral(t.host)) return { group, target: t.target, host: t.host, ip: t.host, port };
  signal.throwIfAborted();
  const { address } = await lookup(t.host);
  return { group, target: t.target, host: t.host, ip: address, port };
}
