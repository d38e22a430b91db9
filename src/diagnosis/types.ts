import type { ConfigFormat, SourceLocation } from '../model/index.js';
import type { ProbeName, ProbeOutcome, ProbeResult } from '../probes/types.js';
import type { CauseId, Layer, Severity } from '../causes/catalog.js';

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
}

export interface GroupReport {
  readonly name: string;
  readonly verdict: GroupVerdict;
  readonly targets: readonly TargetReport[];
  readonly loc?: SourceLocation;
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
}
