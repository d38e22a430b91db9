/**
 * The running gateway's view held against uh's direct probes (CONTRACT §1 `gateway` layer, §6).
 * Pure: views and probe runs in, candidates and evidence out.
 *
 * - Same fault seen both ways: uh's layered finding keeps its id and gains the gateway's words.
 * - The gateway's checks fail while uh's identical check passes: `gateway-view-disagrees`, naming
 *   what uh can see differs. Ejected while checks pass: `gateway-outlier-ejected`. Draining or
 *   maintenance: `gateway-target-draining`. Zero members: `gateway-no-endpoints`. Panic:
 *   `gateway-panic-routing`. Its own limits: `gateway-overflow`. A route failing through the
 *   gateway while every target of its group passes: `gateway-hop-failure`.
 * - A target uh did not (or could not) probe keeps the gateway's words as its only evidence.
 */
import type { Target, UpstreamGroup } from '../../model/index.js';
import type { TargetRun } from '../../probes/run.js';
import type { GatewayGroupView, GatewayTargetView, GatewayViews, ThroughAnswer } from '../../gateway-view/types.js';
import { sourceLabel } from '../../gateway-view/types.js';
import type { Candidate } from '../candidate.js';
import { candidate } from '../candidate.js';
import type { CauseId } from '../../causes/catalog.js';
import { cause } from '../../causes/catalog.js';
import { flowRank } from '../fold.js';
import { targetHealth } from '../verdict.js';
import type { MatchedTarget } from './match.js';
import { matchGroup, matchTargets } from './match.js';
import { clock, differences, gatewayWords, sideBySide, throughWords, uhWords } from './words.js';

/** Gateway words to add to uh's own candidates: for this group (and target), of these causes (any when unset). */
export interface GatewayAnnotation {
  readonly group: string;
  readonly target?: string;
  readonly causes?: ReadonlySet<CauseId>;
  readonly line: string;
}

export interface GatewayJudgement {
  readonly candidates: readonly Candidate[];
  readonly annotations: readonly GatewayAnnotation[];
  /** Per configured target, the views that name it (admin sources before logs, as given). */
  readonly byTarget: ReadonlyMap<Target, readonly GatewayTargetView[]>;
  /** Per configured group name, the gateway's group views. */
  readonly byGroup: ReadonlyMap<string, readonly GatewayGroupView[]>;
}

type Uh = 'passes' | 'fails' | 'not-probed';

function uhState(run: TargetRun | undefined): Uh {
  if (!run) return 'not-probed';
  const health = targetHealth(run);
  if (!health.probed) return 'not-probed';
  return health.failed ? 'fails' : 'passes';
}

/** The root causes uh found on this target: the lowest failing layer of each chain. */
export function rootCauses(run: TargetRun): Set<CauseId> {
  const chains = run.dns.outcome === 'fail' ? [[run.dns]] : run.paths.map((p) => [run.dns, ...p.results]);
  const out = new Set<CauseId>();
  for (const chain of chains) {
    const failing = chain.filter((r) => r.outcome === 'fail').flatMap((r) => r.observations);
    if (failing.length === 0) continue;
    const lowest = Math.min(...failing.map((o) => flowRank(o.cause)));
    for (const o of failing) if (flowRank(o.cause) === lowest) out.add(o.cause);
  }
  return out;
}

export function judgeGatewayViews(groups: readonly UpstreamGroup[], runs: readonly TargetRun[], views: GatewayViews): GatewayJudgement {
  const read = views.views.filter((v) => v.outcome === 'read');
  // A log names a server (HAProxy `be/srv`) where an admin source of the same run names its address too.
  const named = new Map(read.flatMap((v) => v.targets).filter((t) => t.address !== '' && t.name).map((t) => [`${t.group}/${t.name}`, t.address]));
  const targetViews = read.flatMap((v) => v.targets)
    .map((t) => (t.address === '' && t.name && named.has(`${t.group}/${t.name}`) ? { ...t, address: named.get(`${t.group}/${t.name}`)! } : t));
  const groupViews = read.flatMap((v) => v.groups);
  const { matched, unmatched } = matchTargets(groups, runs, targetViews);
  const candidates: Candidate[] = [];
  const annotations: GatewayAnnotation[] = [];
  for (const m of matched) judgeTarget(m, groupViews, candidates, annotations);
  for (const view of unmatched) judgeUnmatched(view, candidates);
  const byGroup = new Map<string, GatewayGroupView[]>();
  for (const gv of groupViews) {
    const group = matchGroup(gv, groups, matched);
    const name = group?.name ?? gv.name;
    byGroup.set(name, [...(byGroup.get(name) ?? []), gv]);
    judgeGroup(gv, name, group !== undefined, candidates, annotations);
  }
  for (const answer of views.through) judgeThrough(answer, groups, runs, candidates, annotations);
  const byTarget = new Map<Target, GatewayTargetView[]>();
  for (const m of matched) byTarget.set(m.target, [...(byTarget.get(m.target) ?? []), m.view]);
  return { candidates, annotations, byTarget, byGroup };
}

function judgeTarget(m: MatchedTarget, groupViews: readonly GatewayGroupView[], out: Candidate[], notes: GatewayAnnotation[]): void {
  const { view, run } = m;
  const uh = uhState(run);
  const base = { group: m.group.name, targets: [m.target.address], loc: m.target.loc };
  const line = sideBySide(view, run);
  const annotateRoot = (): void => {
    if (run) notes.push({ group: m.group.name, target: m.target.address, causes: rootCauses(run), line });
  };
  switch (view.state) {
    case 'draining':
    case 'maint': {
      const gv = groupViews.find((g) => g.source === view.source && g.name === view.group);
      const severity = gv && gv.healthy === 0 ? 'critical' : cause('gateway-target-draining').severity;
      out.push(candidate('gateway-target-draining', { ...base, severity, confidence: 0.95, evidence: [line] }));
      return;
    }
    case 'ejected':
      if (uh === 'passes') out.push(candidate('gateway-outlier-ejected', { ...base, confidence: 0.85, evidence: [line] }));
      else if (uh === 'fails') annotateRoot();
      else out.push(candidate('gateway-outlier-ejected', { ...base, confidence: 0.6, evidence: [line] }));
      return;
    case 'unhealthy':
    case 'degraded':
      if (uh === 'fails') {
        annotateRoot();
      } else if (uh === 'passes' && run) {
        // Only the gateway's own active checks are comparable with uh's check; a log line is history.
        if (view.kind === 'traffic') return;
        out.push(candidate('gateway-view-disagrees', {
          ...base, severity: view.state === 'degraded' ? 'warning' : cause('gateway-view-disagrees').severity, confidence: 0.85,
          evidence: [line, ...differences(view, run).map((d) => `differs — ${d}`)],
        }));
      } else if (view.cause) {
        out.push(candidate(view.cause, { ...base, confidence: 0.6, evidence: [`${gatewayWords(view)} · ${uhWords(run, 'the gateway\'s words are the only evidence')}`] }));
      }
      return;
    case 'healthy':
      // The gateway still routes to a target uh cannot use: say so on uh's finding.
      if (uh === 'fails') annotateRoot();
      return;
    default:
      return;
  }
}

/** A member the gateway holds that the config does not name (discovered, or another config): its words stand alone. */
function judgeUnmatched(view: GatewayTargetView, out: Candidate[]): void {
  const base = { group: view.group, targets: view.address ? [view.address] : [], confidence: 0.6 };
  const line = `${gatewayWords(view)} · uh: not in the config, not probed`;
  if (view.state === 'draining' || view.state === 'maint') out.push(candidate('gateway-target-draining', { ...base, evidence: [line] }));
  else if (view.state === 'ejected') out.push(candidate('gateway-outlier-ejected', { ...base, evidence: [line] }));
  else if ((view.state === 'unhealthy' || view.state === 'degraded') && view.cause && view.kind !== 'traffic') {
    out.push(candidate(view.cause, { ...base, evidence: [line] }));
  }
}

function judgeGroup(gv: GatewayGroupView, group: string, inConfig: boolean, out: Candidate[], notes: GatewayAnnotation[]): void {
  const label = `${sourceLabel(gv.source)} ${gv.name}`;
  if (gv.members === 0) {
    out.push(candidate('gateway-no-endpoints', {
      group, confidence: 0.95,
      evidence: [`${label}: 0 members${inConfig ? '' : ' (a group the config does not name)'}: nothing to route to, nothing to probe`],
    }));
  }
  if (gv.panic) {
    out.push(candidate('gateway-panic-routing', {
      group, confidence: 0.9,
      evidence: [`${label}: ${gv.healthy ?? '?'}/${gv.members ?? '?'} members healthy: the gateway routes to all of them (panic)`],
    }));
  }
  if (gv.overflow.length > 0) out.push(candidate('gateway-overflow', { group, confidence: 0.85, evidence: gv.overflow.map((w) => `${label}: ${w}`) }));
  if (gv.counters && gv.counters.length > 0) notes.push({ group, line: `${label}: ${gv.counters.join(', ')}` });
  if (gv.noneHealthy) {
    const when = `${gv.noneHealthy.count}× from ${clock(gv.noneHealthy.first)} to ${clock(gv.noneHealthy.last)}`;
    notes.push({ group, line: `${sourceLabel(gv.source)}: ${gv.name} had no live member to send to (${when})` });
  }
}

function judgeThrough(answer: ThroughAnswer, groups: readonly UpstreamGroup[], runs: readonly TargetRun[], out: Candidate[], notes: GatewayAnnotation[]): void {
  if (!answer.failed) return;
  const group = answer.group !== undefined ? groups.find((g) => g.name === answer.group) : groups.length === 1 ? groups[0] : undefined;
  const line = throughWords(answer);
  if (!group) {
    const probed = runs.filter((r) => uhState(r) !== 'not-probed');
    if (probed.length > 0 && probed.every((r) => uhState(r) === 'passes')) {
      out.push(candidate('gateway-hop-failure', { group: '', confidence: 0.7, evidence: [line, `uh: all ${probed.length} probed target(s) pass directly`] }));
    }
    return;
  }
  const mine = runs.filter((r) => r.group === group && !r.target.down);
  const states = mine.map(uhState);
  if (states.length > 0 && states.every((s) => s === 'passes')) {
    out.push(candidate('gateway-hop-failure', {
      group: group.name, confidence: 0.9, loc: group.loc,
      evidence: [line, `uh: every target of ${group.name} passes directly (${mine.map((r) => uhWords(r).replace(/^uh: /, '')).slice(0, 3).join('; ')})`],
    }));
  } else {
    notes.push({ group: group.name, line });
  }
}

/** uh's candidates with the gateway's words added where they are about the same thing. */
export function annotate(candidates: readonly Candidate[], annotations: readonly GatewayAnnotation[]): Candidate[] {
  if (annotations.length === 0) return [...candidates];
  return candidates.map((c) => {
    if (cause(c.cause).layer === 'config' || cause(c.cause).layer === 'gateway') return c;
    const lines = annotations.filter((a) => a.group === c.group
      && (a.target === undefined || c.targets.includes(a.target))
      && (a.causes === undefined || a.causes.has(c.cause))
      && (a.target !== undefined || c.severity === 'critical')).map((a) => a.line);
    const fresh = lines.filter((l) => !c.evidence.includes(l));
    // Right after uh's own first line, so the 8-line evidence cap never drops the gateway's words.
    return fresh.length > 0 ? { ...c, evidence: [...c.evidence.slice(0, 1), ...fresh, ...c.evidence.slice(1)] } : c;
  });
}
