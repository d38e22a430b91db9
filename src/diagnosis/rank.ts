/**
 * Merge and order: one finding per cause per group (listing every target it was seen on), then
 * sorted so rank 1 is the most probable root cause of the most severe outage. The keys, in order
 * (`compare` below):
 *   1. ignored (uh `ignore:`) last;
 *   2. severity;
 *   3. group verdict: a group with no healthy target before a degraded one;
 *   4. evidence kind (candidate.ts `EvidenceKind`): a fault the config makes certain (a route to no
 *      group, every member down), then a cause a probe OBSERVED on a target, then a risk derived
 *      from the config alone (`config-single-member`, `config-no-health-check`, …). Confidence is
 *      not directness: a static risk is certain, yet the flapping target beside it is what the
 *      reader must act on;
 *   5. confidence: direct evidence before inference;
 *   6. diagnostic-flow order, then names, for a stable order.
 */
import type { SourceLocation } from '../model/index.js';
import type { Candidate, EvidenceKind } from './candidate.js';
import type { Severity } from '../causes/catalog.js';
import { cause } from '../causes/catalog.js';
import { flowRank } from './fold.js';
import type { Finding, GroupVerdict } from './types.js';

/** Evidence lines kept per finding; the rest is summarised, so a 50-target group stays readable. */
const MAX_EVIDENCE = 8;

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, warning: 1, info: 2 };
const VERDICT_RANK: Readonly<Record<GroupVerdict, number>> = { 'no-healthy-upstream': 0, degraded: 1, unknown: 2, healthy: 3 };
const EVIDENCE_RANK: Readonly<Record<EvidenceKind, number>> = { 'config-fault': 0, observed: 1, 'config-risk': 2 };

/** A merged finding and how it is known (a ranking key that is not part of the report). */
interface Ranked {
  readonly finding: Finding;
  readonly evidenceKind: EvidenceKind;
}

export interface RankContext {
  readonly verdicts: ReadonlyMap<string, GroupVerdict>;
  readonly ignore: readonly string[];
  /** Where each group is defined, for findings seen on several targets. */
  readonly groupLocs: ReadonlyMap<string, SourceLocation>;
}

/** Candidates → numbered findings. */
export function rank(candidates: readonly Candidate[], ctx: RankContext): Finding[] {
  const merged = merge(candidates, ctx);
  merged.sort((a, b) => compare(a, b, ctx));
  return merged.map(({ finding }, i) => ({ ...finding, rank: i + 1 }));
}

function merge(candidates: readonly Candidate[], ctx: RankContext): Ranked[] {
  const byKey = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = `${c.group}\u0000${c.cause}`;
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
  }
  return [...byKey.values()].map((list) => ({
    finding: toFinding(list, ctx),
    // The most direct kind among the merged candidates.
    evidenceKind: list.map((c) => c.evidenceKind).sort((a, b) => EVIDENCE_RANK[a] - EVIDENCE_RANK[b])[0]!,
  }));
}

function toFinding(list: readonly Candidate[], ctx: RankContext): Finding {
  const first = list[0]!;
  const entry = cause(first.cause);
  const targets = unique(list.flatMap((c) => c.targets));
  const evidence = unique([...list.flatMap((c) => c.evidence), ...list.flatMap((c) => c.symptoms ?? [])]);
  const kept = evidence.length > MAX_EVIDENCE
    ? [...evidence.slice(0, MAX_EVIDENCE - 1), `… and ${evidence.length - MAX_EVIDENCE + 1} more line(s)`] : evidence;
  const loc = list.length === 1 ? first.loc : ctx.groupLocs.get(first.group) ?? first.loc;
  const severity = list.map((c) => c.severity).sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b])[0]!;
  return {
    rank: 0,
    cause: first.cause,
    layer: entry.layer,
    severity,
    confidence: Math.max(...list.map((c) => c.confidence)),
    group: first.group,
    targets,
    evidence: kept,
    remediation: entry.remediation,
    runbook: entry.runbook,
    ...(loc ? { loc } : {}),
    ...(ctx.ignore.includes(first.cause) ? { ignored: true } : {}),
  };
}

/** The ranking keys, in the order the header documents. */
function compare(x: Ranked, y: Ranked, ctx: RankContext): number {
  const a = x.finding;
  const b = y.finding;
  return Number(a.ignored ?? false) - Number(b.ignored ?? false)
    || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]
    || verdictRank(a, ctx) - verdictRank(b, ctx)
    || EVIDENCE_RANK[x.evidenceKind] - EVIDENCE_RANK[y.evidenceKind]
    || b.confidence - a.confidence
    || flowRank(a.cause) - flowRank(b.cause)
    || a.group.localeCompare(b.group)
    || a.cause.localeCompare(b.cause);
}

function verdictRank(f: Finding, ctx: RankContext): number {
  const verdict = ctx.verdicts.get(f.group);
  // A route to a group that does not exist is an outage for that route.
  if (verdict === undefined) return f.cause === 'config-upstream-undefined' ? 0 : VERDICT_RANK.unknown;
  return VERDICT_RANK[verdict];
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
