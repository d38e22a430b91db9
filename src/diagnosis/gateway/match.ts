/**
 * Which configured target a gateway's line is about. The gateway names members its own way (HAProxy
 * `addr` is ip:port, nginx logs the peer's ip:port, Envoy its socket address), so a view target
 * matches a config target by its address as written, by host:port, or by any address uh resolved
 * for it — within the group of the same name first, else in any group.
 */
import type { Target, UpstreamGroup } from '../../model/index.js';
import { effectivePort } from '../../model/index.js';
import type { TargetRun } from '../../probes/run.js';
import type { GatewayGroupView, GatewayTargetView } from '../../gateway-view/types.js';

export interface MatchedTarget {
  readonly view: GatewayTargetView;
  readonly group: UpstreamGroup;
  readonly target: Target;
  readonly run?: TargetRun;
}

/** `[::1]:80` for IPv6, lower case, so both sides compare alike. */
export function addressKey(host: string, port: number | undefined): string {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return `${h.includes(':') ? `[${h}]` : h}:${port ?? ''}`;
}

function normalise(address: string): string {
  const m = /^(?:[a-z]+:\/\/)?(\[[^\]]+\]|[^:/]+):(\d+)/i.exec(address.trim());
  return m ? addressKey(m[1]!, Number(m[2])) : address.trim().toLowerCase();
}

function keysOf(target: Target, run: TargetRun | undefined): Set<string> {
  const port = effectivePort(target);
  const keys = new Set<string>([normalise(target.address), addressKey(target.host, port)]);
  for (const path of run?.paths ?? []) if (path.ip) keys.add(addressKey(path.ip, port));
  return keys;
}

export function matchTargets(
  groups: readonly UpstreamGroup[], runs: readonly TargetRun[], views: readonly GatewayTargetView[],
): { matched: MatchedTarget[]; unmatched: GatewayTargetView[] } {
  const entries = groups.flatMap((group) => group.targets.map((target) => {
    const run = runs.find((r) => r.group === group && r.target === target);
    return { group, target, run, keys: keysOf(target, run) };
  }));
  const matched: MatchedTarget[] = [];
  const unmatched: GatewayTargetView[] = [];
  for (const view of views) {
    const key = normalise(view.address);
    const hits = view.address === '' ? [] : entries.filter((e) => e.keys.has(key));
    const sameGroup = hits.filter((e) => e.group.name === view.group);
    const chosen = sameGroup.length > 0 ? sameGroup : hits;
    if (chosen.length === 0) unmatched.push(view);
    for (const e of chosen) matched.push({ view, group: e.group, target: e.target, ...(e.run ? { run: e.run } : {}) });
  }
  return { matched, unmatched };
}

/** The config group a gateway group is about: the same name, else the group its members matched. */
export function matchGroup(view: GatewayGroupView, groups: readonly UpstreamGroup[], matched: readonly MatchedTarget[]): UpstreamGroup | undefined {
  return groups.find((g) => g.name === view.name)
    ?? matched.find((m) => m.view.group === view.name && m.view.source === view.source)?.group;
}
