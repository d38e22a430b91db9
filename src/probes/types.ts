import type { SocketHandoff } from './socket-handoff.js';
import type { ProbeFacts } from './facts.js';
import type { ProbeResultCode } from './codes.js';
import type { CauseId, Severity } from '../causes/catalog.js';
import type { ResolverAddress, Target, UpstreamGroup } from '../model/index.js';

/** Probe names as they appear in the JSON report's `checks[].probe` (contract §2). */
export type ProbeName = 'dns' | 'tcp' | 'tls' | 'http' | 'h2' | 'grpc' | 'mcp';
export type ProbeOutcome = 'pass' | 'warn' | 'fail' | 'skip';

/**
 * What a probe saw, mapped to a catalog cause. A probe knows best what its reading means
 * (CERT_HAS_EXPIRED is `tls-cert-expired`); diagnosis decides what is root cause and what is symptom.
 */
export interface Observation {
  readonly cause: CauseId;
  readonly severity: Severity;
  /** 0..1: direct evidence (a refused connect) ≈ 0.95; inference (slow vs peers) lower. */
  readonly confidence: number;
  /** Short, factual lines: what was sent, what came back, numbers with units. */
  readonly evidence: readonly string[];
}

/** The failed layer that stopped a later one: `tcp` with `ECONNREFUSED`. */
export interface BlockedBy {
  readonly probe: ProbeName;
  /** The failed result's code, else its first observed cause (see `failureLabel`). */
  readonly code: ProbeResultCode | CauseId;
}

/** One probe's result; `ProbeResult` without a name is the union over every probe, narrowed by `probe`. */
export type ProbeResult<N extends ProbeName = ProbeName> = { [K in N]: ResultOf<K> }[N];

interface ResultOf<N extends ProbeName> {
  readonly probe: N;
  readonly outcome: ProbeOutcome;
  /** Wall time of the probe, milliseconds. */
  readonly ms: number;
  /** One line for humans: `connect ECONNREFUSED 127.0.0.1:8443`, `skip: tcp failed`. */
  readonly message: string;
  /** Stable failure code (`ECONNREFUSED`, `CONNECT_TIMEOUT`, `CERT_HAS_EXPIRED`, `HTTP_STATUS`...). */
  readonly code?: ProbeResultCode;
  /** For a `skip`: why the probe did not run, without the `skip: ` of the message. */
  readonly reason?: string;
  /**
   * For a `skip` an earlier layer's failure caused: which probe failed and its code. The diagnosis
   * folds these skips into the root cause on this data, never on the message's wording.
   */
  readonly blockedBy?: BlockedBy;
  readonly observations: readonly Observation[];
  /** Typed per probe (resolved addresses, certificate facts, status, ALPN...); a step that never ran has none. */
  readonly facts: Partial<ProbeFacts[N]>;
}

/** One endpoint to probe: a target of a group, at one resolved address. */
export interface ProbeTarget {
  readonly group: UpstreamGroup;
  readonly target: Target;
  /** The name as configured: used for SNI, Host and verification. */
  readonly host: string;
  /** The IP to connect to (from the DNS layer, or the literal). Undefined for unix sockets. */
  readonly ip?: string;
  readonly port?: number;
  readonly socketPath?: string;
}

export interface ProbeContext {
  /** The whole run's deadline; every probe also bounds itself by `timeoutMs`. */
  readonly signal: AbortSignal;
  /** Budget for one probe when the gateway config sets none. */
  readonly timeoutMs: number;
  /** Resolvers to query directly; empty = the system's (/etc/resolv.conf). */
  readonly resolvers: readonly ResolverAddress[];
  /** /etc/hosts, or a test's own file. */
  readonly hostsFile: string;
  /**
   * The system resolver's configuration (default /etc/resolv.conf): its nameservers, and the
   * `search` list and `ndots` applied to short names, when no resolver is named (`--resolv-conf`).
   */
  readonly resolvConf?: string;
  /** Health samples per target (to catch flapping). */
  readonly samples: number;
  /** Warn when a certificate expires within this many days (default 14). */
  readonly expiringWithinDays: number;
  /** Clock, injectable for certificate-window tests. */
  readonly now: () => number;
  /** Listen up to this many check timeouts for a late answer (`--patience`; default in patience.ts). */
  readonly patience?: number;
  /** Where the TCP layer leaves its quiet connection for the health check's first sample (see socket-handoff.ts). */
  readonly handoff?: SocketHandoff;
  /**
   * Await `work` that only waits on an already-open socket (a check past its timeout, listening
   * on to tell a hung upstream from a slow one). The orchestrator frees this target's
   * `--concurrency` slot meanwhile: the bound is on active probing, not on patience. Optional:
   * without it, the wait simply holds the slot.
   */
  readonly idle?: <T>(work: Promise<T>) => Promise<T>;
}

/** A probe's own result: it always writes its facts in full (only a step that never ran has none). */
export type Measured<N extends ProbeName> = ProbeResult<N> & { readonly facts: ProbeFacts[N] };

export type Probe<N extends ProbeName> = (
  target: ProbeTarget,
  ctx: ProbeContext,
) => Promise<Measured<N>>;

/** A result that did not run, with the reason (never a silent pass). */
export function skipped<N extends ProbeName>(probe: N, reason: string): ProbeResult<N> {
  const result: ResultOf<N> = { probe, outcome: 'skip', ms: 0, ...skipText(reason), observations: [], facts: {} };
  return result as ProbeResult<N>; // ResultOf<N> is ProbeResult<N>; the mapped form only distributes over unions.
}

/** A skip's message and its reason, kept apart so nothing has to strip `skip: ` from text. */
export function skipText(reason: string): { message: string; reason: string } {
  return { message: `skip: ${reason}`, reason };
}

/** The run was cancelled before the probe could start: a skip, never a failure of the target. */
export function abortedSkip<N extends ProbeName>(probe: N): ProbeResult<N> {
  return { ...skipped(probe, 'the run was aborted'), code: 'ABORTED' };
}

/** A step that did not run because an earlier layer failed: `skip: tcp failed: ECONNREFUSED`. */
export function blockedSkip<N extends ProbeName>(probe: N, by: BlockedBy): ProbeResult<N> {
  return { ...skipped(probe, blockedReason(by)), blockedBy: by };
}

/** `tcp failed: ECONNREFUSED`: the words for a blocker, written in one place. */
export function blockedReason(by: BlockedBy): string {
  return `${by.probe} failed: ${by.code}`;
}

/** What blocks the layers after a failed result: its probe and its short failure label. */
export function blockerOf(failed: ProbeResult): BlockedBy {
  return { probe: failed.probe, code: failureLabel(failed) };
}

/** The short reason a layer failed: its stable code, else its first observed cause (a `fail` carries one or the other). */
export function failureLabel(result: ProbeResult): ProbeResultCode | CauseId {
  return result.code ?? result.observations[0]?.cause ?? 'UNKNOWN';
}
