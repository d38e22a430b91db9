/**
 * Root cause vs symptom, per target: the lowest failing layer explains everything after it
 * (CONTRACT §1). A refused connect makes the health check skip and the protocol check skip; a
 * report listing "tcp-refused" and "health-timeout" as two equal findings would send the reader
 * chasing a symptom. So later-layer failures and skips fold into the root's evidence.
 */
import type { AddressRun, TargetRun } from '../probes/run.js';
import type { BlockedBy, Observation, ProbeResult } from '../probes/types.js';
import { blockedReason } from '../probes/types.js';
import type { Candidate } from './candidate.js';
import type { CauseId } from '../causes/catalog.js';
import { LAYER_ORDER, cause } from '../causes/catalog.js';

/**
 * Where a cause sits in the diagnostic flow. Catalog layer order, with one refinement: a protocol
 * MISMATCH (not HTTP at all, h1 vs h2) explains a failing health check, because the check cannot be
 * spoken correctly; it sits between TLS and the service layer.
 */
export function flowRank(id: CauseId): number {
  if (PROTOCOL_MISMATCH.has(id)) return LAYER_ORDER.indexOf('service') - 0.5;
  return LAYER_ORDER.indexOf(cause(id).layer);
}

const PROTOCOL_MISMATCH: ReadonlySet<CauseId> = new Set(['protocol-not-http', 'protocol-h2-unsupported', 'protocol-http1-to-h2-only']);

interface Seen {
  readonly result: ProbeResult;
  readonly observation: Observation;
}

/** Candidates for one target: a root cause per failing chain with its symptoms folded in, plus independent warnings. */
export function foldTarget(run: TargetRun): Candidate[] {
  const chains: ProbeResult[][] = run.dns.outcome === 'fail'
    ? [[run.dns, ...run.paths.flatMap((p) => p.results)]]
    : run.paths.map((p) => [run.dns, ...p.results]);
  const out: Candidate[] = [];
  for (const chain of chains) {
    for (const c of foldChain(chain, run)) if (!out.some((o) => sameCandidate(o, c))) out.push(c);
  }
  return out;
}

function sameCandidate(a: Candidate, b: Candidate): boolean {
  return a.cause === b.cause && a.evidence.join('\n') === b.evidence.join('\n');
}

function foldChain(chain: readonly ProbeResult[], run: TargetRun): Candidate[] {
  const seen: Seen[] = chain.flatMap((result) => result.observations.map((observation) => ({ result, observation })));
  const failing = seen.filter((s) => s.result.outcome === 'fail');
  const root = minBy(failing, (s) => flowRank(s.observation.cause));
  const out: Candidate[] = [];
  if (root) {
    const rootRank = flowRank(root.observation.cause);
    const peers = failing.filter((s) => flowRank(s.observation.cause) === rootRank);
    const symptoms = failing.filter((s) => flowRank(s.observation.cause) > rootRank);
    const skips = chain.filter((r): r is ProbeResult & { blockedBy: BlockedBy } => r.outcome === 'skip' && r.blockedBy !== undefined);
    const folded = [
      ...symptoms.map((s) => `symptom ${s.observation.cause}: ${s.observation.evidence[0] ?? s.result.message}`),
      ...skippedLines(skips),
    ];
    for (const peer of peers) out.push(toCandidate(run, peer.observation, folded));
  }
  // Warnings and notes (an expiring certificate, a slow-but-passing check) stand on their own.
  for (const s of seen) {
    if (s.result.outcome === 'fail') continue;
    out.push(toCandidate(run, s.observation, []));
  }
  return out;
}

/** `tls, http, h2 checks skipped: tcp failed: ECONNREFUSED` — one line per blocker. */
function skippedLines(skips: readonly (ProbeResult & { blockedBy: BlockedBy })[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const r of skips) {
    const reason = blockedReason(r.blockedBy);
    byReason.set(reason, [...(byReason.get(reason) ?? []), r.probe]);
  }
  return [...byReason].map(([reason, probes]) => `${probes.join(', ')} check${probes.length > 1 ? 's' : ''} skipped: ${reason}`);
}

function toCandidate(run: TargetRun, observation: Observation, folded: readonly string[]): Candidate {
  return {
    cause: observation.cause,
    evidenceKind: 'observed',
    severity: observation.severity,
    confidence: observation.confidence,
    group: run.group.name,
    targets: [run.target.address],
    // A group spoken to in several ways: say which reference saw it.
    evidence: run.way === undefined ? observation.evidence : observation.evidence.map((line) => `${line} (via ${run.way})`),
    ...(folded.length > 0 ? { symptoms: folded } : {}),
    loc: run.target.loc,
  };
}

function minBy<T>(items: readonly T[], key: (item: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || key(item) < key(best)) best = item;
  return best;
}

/** Per address: did it answer at all, did anything fail? */
export type PathState = 'healthy' | 'unhealthy' | 'unknown';

export function pathState(run: TargetRun, path: AddressRun): PathState {
  if (run.dns.outcome === 'fail' || path.results.some((r) => r.outcome === 'fail')) return 'unhealthy';
  return path.results.some((r) => r.outcome === 'pass' || r.outcome === 'warn') ? 'healthy' : 'unknown';
}
