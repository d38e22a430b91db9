import type { CauseId } from '../causes/catalog.js';
import type { Target } from '../model/index.js';
import { effectivePort, effectiveWeight } from '../model/index.js';
import type { ProbeResult } from '../probes/types.js';

/**
 * The independent signals that can take a target out of rotation. Each is set by exactly one
 * component (active checker, outlier detector, breaker, config/reload), the way Envoy keeps
 * `FAILED_ACTIVE_HC` apart from `FAILED_OUTLIER_CHECK` and collapses them only when selecting.
 */
export type Signal = 'failedActive' | 'ejected' | 'openCircuit' | 'draining';

/** Contract §4 spelling of a target's state. */
export type PublicState = 'healthy' | 'unhealthy' | 'ejected' | 'open-circuit' | 'draining';

export interface Flag {
  readonly reason: string;
  /** Epoch milliseconds. */
  readonly since: number;
  readonly cause?: CauseId;
  /** When the signal may clear by itself (ejection end, breaker half-open, next active check). */
  readonly until?: number;
}

export interface StateChange {
  readonly group: string;
  readonly address: string;
  readonly signal: Signal;
  readonly set: boolean;
  readonly state: PublicState;
  readonly reason: string;
  readonly since: number;
}

/** Most specific first: what `/status` and the 503 name when several signals are set. */
const STATE_ORDER: readonly [Signal, PublicState][] = [
  ['draining', 'draining'],
  ['openCircuit', 'open-circuit'],
  ['ejected', 'ejected'],
  ['failedActive', 'unhealthy'],
];

const MAX_LAST_PROBES = 5;

/**
 * One upstream target as the proxy sees it at run time: `healthy()` when no signal is set,
 * `available()` when healthy and not full (caddy `hosts.go` Available/Healthy). Hot-path reads are
 * plain field reads; flags change rarely.
 */
export class TargetState {
  readonly target: Target;
  readonly group: string;
  readonly address: string;
  readonly host: string;
  readonly port: number;
  readonly weight: number;
  #active = 0;
  /** Concurrency cap (max_requests); 1 while the breaker is half-open. */
  maxRequests: number;
  #requests = 0;
  /** Counters for /status and /metrics. */
  failures = 0;
  ejections = 0;
  readonly codes = new Map<number, number>();
  readonly lastProbes: ProbeResult[] = [];
  /** Epoch ms of the next scheduled active check, for `retry-after`. */
  nextCheckAt: number | undefined;
  #flags = new Map<Signal, Flag>();
  #healthy = true;
  #halfOpen = false;
  #listener: ((change: StateChange) => void) | undefined;

  /** Concurrent requests in flight to this target (proxied requests and Upgrade tunnels). */
  get active(): number {
    return this.#active;
  }

  /** Requests sent to this target since it was configured (kept across a reload). */
  get requests(): number {
    return this.#requests;
  }

  /**
   * A request to this target starts (+1) or ends (-1): the one place the in-flight and total
   * counts change (Caddy's `countRequest`). In flight never goes below zero, whatever the caller.
   */
  countRequest(delta: 1 | -1): void {
    this.#active = Math.max(0, this.#active + delta);
    if (delta > 0) this.#requests += 1;
  }

  /** A counted request that never reached the target (refused for what the client sent) leaves the total. */
  withdrawRequest(): void {
    this.#requests = Math.max(0, this.#requests - 1);
  }

  constructor(group: string, target: Target, maxRequests: number) {
    this.group = group;
    this.target = target;
    this.address = target.address;
    this.host = target.host;
    this.port = effectivePort(target) ?? 80;
    this.weight = Math.max(0, effectiveWeight(target));
    this.maxRequests = maxRequests;
  }

  /** Only one listener: the group runtime, which fans out to logs, metrics and tests. */
  onChange(listener: ((change: StateChange) => void) | undefined): void {
    this.#listener = listener;
  }

  healthy(): boolean {
    return this.#healthy;
  }

  available(): boolean {
    return this.#healthy && this.active < (this.#halfOpen ? 1 : this.maxRequests);
  }

  full(): boolean {
    return this.active >= (this.#halfOpen ? 1 : this.maxRequests);
  }

  /** Half-open breaker: exactly one trial request at a time. */
  setHalfOpen(on: boolean): void {
    this.#halfOpen = on;
  }

  halfOpen(): boolean {
    return this.#halfOpen;
  }

  flag(signal: Signal): Flag | undefined {
    return this.#flags.get(signal);
  }

  /** Set a signal, or replace its reason when already set (an event only when it was not set). */
  set(signal: Signal, flag: Flag): void {
    const had = this.#flags.has(signal);
    this.#flags.set(signal, flag);
    this.#healthy = false;
    if (!had) this.#emit(signal, true, flag.reason, flag.since);
  }

  clear(signal: Signal, now: number, reason: string): void {
    if (!this.#flags.delete(signal)) return;
    this.#healthy = this.#flags.size === 0;
    this.#emit(signal, false, reason, now);
  }

  /** The signal `/status` and the 503 report, most specific first. */
  state(): PublicState {
    for (const [signal, state] of STATE_ORDER) if (this.#flags.has(signal)) return state;
    return 'healthy';
  }

  /** The flag behind `state()`, when unhealthy. */
  mainFlag(): Flag | undefined {
    for (const [signal] of STATE_ORDER) {
      const flag = this.#flags.get(signal);
      if (flag) return flag;
    }
    return undefined;
  }

  /** Carry the run-time health of an unchanged target across a reload. */
  adopt(previous: TargetState): void {
    for (const [signal, flag] of previous.#flags) if (signal !== 'draining') this.#flags.set(signal, flag);
    this.#healthy = this.#flags.size === 0;
    this.#halfOpen = previous.#halfOpen;
    this.#requests = previous.#requests;
    this.failures = previous.failures;
    this.ejections = previous.ejections;
    for (const [code, n] of previous.codes) this.codes.set(code, n);
    this.lastProbes.push(...previous.lastProbes);
  }

  recordProbe(result: ProbeResult): void {
    this.lastProbes.push(result);
    if (this.lastProbes.length > MAX_LAST_PROBES) this.lastProbes.shift();
  }

  countStatus(status: number): void {
    this.codes.set(status, (this.codes.get(status) ?? 0) + 1);
  }

  #emit(signal: Signal, set: boolean, reason: string, since: number): void {
    this.#listener?.({ group: this.group, address: this.address, signal, set, state: this.state(), reason, since });
  }
}
