/**
 * "Which source said what", for the human formats: one line per gateway source (read, or skipped
 * with the reason), one per target the gateway named with uh's own result beside it, and one per
 * request sent through the gateway. Pure; the table and markdown reporters print these lines.
 */
import { sourceLabel } from '../gateway-view/types.js';
import type { Diagnosis, TargetReport } from '../diagnosis/types.js';

/** Targets listed before "+N more": the findings carry the rest. */
const MAX_TARGET_LINES = 20;

export function gatewayLines(diagnosis: Diagnosis): string[] {
  const gateway = diagnosis.gateway;
  if (!gateway) return [];
  const out: string[] = [];
  for (const s of gateway.sources) {
    out.push(s.outcome === 'read'
      ? `${sourceLabel(s.source)} ${s.endpoint}: read ${s.groups} group(s), ${s.targets} target(s)${s.notes.length > 0 ? ` — ${s.notes.join('; ')}` : ''}`
      : `${sourceLabel(s.source)} ${s.endpoint}: skip — ${s.reason ?? 'not read'}`);
  }
  const named = diagnosis.groups.flatMap((g) => g.targets.filter((t) => t.gateway).map((t) => ({ group: g.name, t })));
  for (const { group, t } of named.slice(0, MAX_TARGET_LINES)) {
    out.push(`${group} → ${t.address}: ${sourceLabel(t.gateway!.source)}: ${t.gateway!.state} ${t.gateway!.detail} · uh: ${uhSummary(t)}`);
  }
  if (named.length > MAX_TARGET_LINES) out.push(`+${named.length - MAX_TARGET_LINES} more target(s) named by the gateway (see --format json)`);
  for (const answer of gateway.through) {
    out.push(`through ${answer.route}${answer.group ? ` (${answer.group})` : ''}: GET ${answer.url} → ${answer.status ?? ''} ${answer.answer}${answer.by ? ` (${answer.by})` : ''}`.replace('→  ', '→ '));
  }
  return out;
}

function uhSummary(t: TargetReport): string {
  const failing = t.checks.find((c) => c.outcome === 'fail');
  if (failing) return `${failing.probe} ${failing.message}`;
  const ran = t.checks.filter((c) => c.outcome !== 'skip');
  if (ran.length === 0) return 'not probed';
  // The health check is what a gateway's own check compares with; the connect when there is none.
  const shown = ran.find((c) => c.probe === 'http' || c.probe === 'grpc' || c.probe === 'mcp') ?? ran.find((c) => c.probe === 'tcp') ?? ran.at(-1)!;
  return `passes (${shown.probe} ${shown.message})`;
}
