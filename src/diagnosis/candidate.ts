/**
 * A finding before ranking: one cause seen somewhere (a config rule, or a probe's observation on
 * one target). Ranking merges candidates of the same cause in a group and numbers them.
 */
import type { SourceLocation } from '../model/index.js';
import type { CauseId, Severity } from '../causes/catalog.js';
import { cause } from '../causes/catalog.js';

/**
 * How the cause is known — a ranking key (rank.ts), in this order:
 * - `config-fault`: the file alone makes the gateway fail as written (a route to no group, every
 *   member down, run-time names without a resolver) — as certain as any probe, and the reason for it;
 * - `observed`: a probe saw it on a target, or a rule compared what the probes measured (a timeout
 *   below the measured latency, a target slower than its peers);
 * - `config-risk`: derived from the file alone, a risk that may never bite (one member, no active
 *   check, HTTP/1.0, names resolved once).
 */
export type EvidenceKind = 'config-fault' | 'observed' | 'config-risk';

export interface Candidate {
  readonly cause: CauseId;
  readonly evidenceKind: EvidenceKind;
  readonly severity: Severity;
  /** 0..1; static facts read from the file are certain (1), inference from timings is lower. */
  readonly confidence: number;
  /** Group name; '' for the config as a whole. */
  readonly group: string;
  /** Target addresses as the config names them. */
  readonly targets: readonly string[];
  readonly evidence: readonly string[];
  /** Later-layer symptoms folded into this root cause; listed after the evidence of every target. */
  readonly symptoms?: readonly string[];
  readonly loc?: SourceLocation;
  /**
   * This cause explains every other finding on its group (a pass to a misspelt name: the "group"
   * is a host that does not exist, so its DNS failure and single-member risk are not findings of
   * their own). Their evidence is already in this candidate's.
   */
  readonly foldsGroup?: boolean;
}

/** Drop the findings a `foldsGroup` candidate explains. */
export function foldGroups(candidates: readonly Candidate[]): Candidate[] {
  const folded = new Set(candidates.filter((c) => c.foldsGroup).map((c) => c.group));
  return candidates.filter((c) => c.foldsGroup || !folded.has(c.group));
}

type CandidateFields = Omit<Candidate, 'cause' | 'severity' | 'confidence' | 'targets' | 'evidenceKind'>
  & Partial<Pick<Candidate, 'severity' | 'confidence' | 'targets'>>;

/** A risk read from the file alone, with the catalog's default severity unless the rule knows better. */
export function candidate(id: CauseId, fields: CandidateFields): Candidate {
  return { cause: id, evidenceKind: 'config-risk', severity: cause(id).severity, confidence: 1, targets: [], ...fields };
}

/** A fault the file alone makes certain: the gateway cannot work as written. */
export function configFault(id: CauseId, fields: CandidateFields): Candidate {
  return { ...candidate(id, fields), evidenceKind: 'config-fault' };
}

/** A cause seen in what the probes measured (a measured rule, not a probe's own observation). */
export function measured(id: CauseId, fields: CandidateFields): Candidate {
  return { ...candidate(id, fields), evidenceKind: 'observed' };
}
