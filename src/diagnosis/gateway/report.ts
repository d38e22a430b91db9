/** The gateway's views, shaped for the report (CONTRACT §6 JSON keys). */
import type { GatewayGroupView, GatewayTargetView, GatewayViews } from '../../gateway-view/types.js';
import { sourceLabel } from '../../gateway-view/types.js';
import type { Diagnosis, GroupGatewayReport, TargetGatewayReport } from '../types.js';

/** The first source that named the target speaks for it (sources come admin first, then logs); the others are listed. */
export function targetGatewayReport(views: readonly GatewayTargetView[] | undefined): TargetGatewayReport | undefined {
  const first = views?.[0];
  if (!first) return undefined;
  const also = views.slice(1).map((v) => `${sourceLabel(v.source)}: ${v.detail}`);
  return { source: first.source, state: first.state, flags: first.flags, detail: first.detail, ...(also.length > 0 ? { also } : {}) };
}

export function groupGatewayReport(views: readonly GatewayGroupView[] | undefined): GroupGatewayReport | undefined {
  const first = views?.find((v) => v.members !== undefined);
  if (first?.members === undefined) return undefined;
  return { members: first.members, healthy: first.healthy ?? 0, panic: first.panic };
}

export function gatewaySummary(views: GatewayViews): NonNullable<Diagnosis['gateway']> {
  return {
    sources: views.views.map((v) => ({
      source: v.source, endpoint: v.endpoint, outcome: v.outcome, ...(v.reason ? { reason: v.reason } : {}),
      groups: v.groups.length, targets: v.targets.length, notes: v.notes,
    })),
    through: views.through,
  };
}
