/**
 * A finding before ranking: one cause seen somewhere (a config rule, or a probe's observation on
 * one target). Ranking merges candidates of the same cause in a group and numbers them.
 */
import type { SourceLocation } from '../model/index.js';
import type { CauseId, Severity } from '../causes/catalog.js';
import { cause } from '../causes/catalog.js';

export interface Candidate {
  readonly cause: CauseId;
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
}

/** A candidate with the catalog's default severity unless the rule knows better. */
export function candidate(
  id: CauseId,
  fields: Omit<Candidate, 'cause' | 'severity' | 'confidence' | 'targets'> & Partial<Pick<Candidate, 'severity' | 'confidence' | 'targets'>>,
): Candidate {
  return { cause: id, severity: cause(id).severity, confidence: 1, targets: [], ...fields };
}
