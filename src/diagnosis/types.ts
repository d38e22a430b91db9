import type { ConfigFormat, SourceLocation } from '../model/index.js';
import type { ProbeName, ProbeOutcome, ProbeResult } from '../probes/types.js';
import type { CauseId, Layer, Severity } from '../causes/catalog.js';
import type { GatewaySourceKind, GatewayTargetState, ThroughAnswer } from '../gateway-view/types.js';

/** What the running gateway says about a target (CONTRACT §6 target `gateway`). */
export interface TargetGatewayReport {
  readonly source: GatewaySourceKind;
  readonly state: GatewayTargetState;
  readonly flags: readonly string[];
  readonly detail: string;
  /** Every source that named the target, `source: detail`, when more than one did. */
  readonly also?: readonly string[];
}

/** What the running gateway says about a group (CONTRACT §6 group `gateway`). */
export interface GroupGatewayReport {
  readonly members: number;
  readonly healthy: number;
  readonly panic: boolean;
}

/** One gateway source of the run: read, or skipped with the reason. */
export interface GatewaySourceReport {
  readonly source: GatewaySourceKind | 'unknown';
  readonly endpoint: string;
  readonly outcome: 'read' | 'skip';
  readonly reason?: string;
  readonly groups: number;
  readonly targets: number;
  readonly notes: readonly string[];
}

export type Verdict = 'healthy' | 'degraded' | 'no-healthy-upstream';
export type GroupVerdict = Verdict | 'unknown';

/** One check line in the JSON report (contract §2 `checks[]`). */
export interface CheckRecord {
  readonly probe: ProbeName;
  readonly outcome: ProbeOutcome;
  readonly ms: number;
  readonly message: string;
}

export interface TargetReport {
  /** host:port exactly as the config names it. */
  readonly address: string;
  readonly healthy: boolean;
  readonly checks: readonly CheckRecord[];
  /** Raw results, for reporters that want facts (not serialised in JSON v1). */
  readonly results: readonly ProbeResult[];
  /** The running gateway's view of this target (`--admin`, `--gateway-log`). */
  readonly gateway?: TargetGatewayReport;
  /** The gateway discovered this target (EDS, DNS) rather than the config naming it. */
  readonly discovered?: 'eds' | 'dns';
}

export interface GroupReport {
  readonly name: string;
  readonly verdict: GroupVerdict;
  readonly targets: readonly TargetReport[];
  readonly loc?: SourceLocation;
  readonly gateway?: GroupGatewayReport;
}

/** A ranked cause (contract §2 `findings[]`). */
export interface Finding {
  readonly rank: number;
  readonly cause: CauseId;
  readonly layer: Layer;
  readonly severity: Severity;
  readonly confidence: number;
  /** Group name; '' for findings about the config as a whole. */
  readonly group: string;
  readonly targets: readonly string[];
  readonly evidence: readonly string[];
  readonly remediation: string;
  readonly runbook: string;
  /** Where in the config (target line, else group line). */
  readonly loc?: SourceLocation;
  /** Accepted by `ignore:`: reported, never fails the run. */
  readonly ignored?: boolean;
}

export interface Diagnosis {
  readonly config: { readonly path: string; readonly format: ConfigFormat };
  readonly verdict: Verdict;
  readonly groups: readonly GroupReport[];
  readonly findings: readonly Finding[];
  /** True when only static checks ran (`--offline`). */
  readonly offline: boolean;
  /** Set when the run's deadline (`--deadline`) cut probes short: their checks show as `skip`. */
  readonly deadlineHit?: { readonly deadlineMs: number };
  /** The running gateway's own view, when `--admin`, `--gateway-log` or `--through` was given. */
  readonly gateway?: { readonly sources: readonly GatewaySourceReport[]; readonly through: readonly ThroughAnswer[] };
}
