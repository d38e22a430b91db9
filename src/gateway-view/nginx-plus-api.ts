/**
 * The NGINX Plus API (`--admin http://host:8080/api/9`, or `/api` and the newest version it lists):
 * `/http/upstreams` gives every peer's `state` (up, draining, down, unavail, checking, unhealthy),
 * its active `health_checks`, passive `fails`, and `downstart`.
 */
import { httpGet } from './bounded-io.js';
import type { GatewayGroupView, GatewayTargetState, GatewayTargetView, GatewayViewSource } from './types.js';
import { skippedView } from './types.js';

interface Peer {
  server?: unknown; state?: unknown; fails?: unknown; backup?: unknown; downstart?: unknown;
  health_checks?: { checks?: unknown; fails?: unknown; unhealthy?: unknown; last_passed?: unknown };
}

const STATES: Readonly<Record<string, { state: GatewayTargetState; words: string; kind: GatewayTargetView['kind'] }>> = {
  up: { state: 'healthy', words: 'up', kind: 'active-check' },
  draining: { state: 'draining', words: 'draining (no new sessions)', kind: 'admin' },
  down: { state: 'maint', words: 'down (set by an operator)', kind: 'admin' },
  unavail: { state: 'ejected', words: 'unavail (max_fails reached within fail_timeout)', kind: 'traffic' },
  checking: { state: 'pending', words: 'checking (slow start or first checks)', kind: 'active-check' },
  unhealthy: { state: 'unhealthy', words: 'unhealthy (active health checks fail)', kind: 'active-check' },
};

async function apiBase(endpoint: string, ctx: Parameters<GatewayViewSource>[1]): Promise<string | { reason: string }> {
  const url = new URL(endpoint);
  const versioned = /^(.*\/api\/\d+)/.exec(url.pathname);
  if (versioned) return `${url.origin}${versioned[1]}`;
  const root = `${url.origin}${url.pathname.replace(/\/$/, '').replace(/\/api$/, '')}/api`;
  const got = await httpGet(`${root}/`, ctx);
  if (!got.ok) return { reason: got.reason };
  try {
    const versions = JSON.parse(got.text) as unknown;
    if (Array.isArray(versions) && versions.every((v) => typeof v === 'number') && versions.length > 0) return `${root}/${Math.max(...(versions as number[]))}`;
  } catch {
    // falls through to the reason below
  }
  return { reason: `${root}/ did not list API versions` };
}

export const nginxPlusApiSource: GatewayViewSource = async (endpoint, ctx) => {
  const base = await apiBase(endpoint, ctx);
  if (typeof base !== 'string') return skippedView('nginx-plus-api', endpoint, `cannot read the NGINX Plus API: ${base.reason}`);
  const got = await httpGet(`${base}/http/upstreams`, ctx);
  if (!got.ok) return skippedView('nginx-plus-api', endpoint, `cannot read the NGINX Plus API: ${got.reason}`);
  if (got.status !== 200) return skippedView('nginx-plus-api', endpoint, `GET ${base}/http/upstreams answered ${got.status}`);
  let doc: Record<string, { peers?: Peer[] }>;
  try {
    doc = JSON.parse(got.text) as typeof doc;
  } catch {
    return skippedView('nginx-plus-api', endpoint, `GET ${base}/http/upstreams did not answer JSON`);
  }
  const targets: GatewayTargetView[] = [];
  const groups: GatewayGroupView[] = [];
  for (const [name, upstream] of Object.entries(doc ?? {}).slice(0, 10_000)) {
    const peers = Array.isArray(upstream?.peers) ? upstream.peers : [];
    const mine = peers.map((p) => peerView(name, p));
    targets.push(...mine);
    groups.push({ source: 'nginx-plus-api', name, members: mine.length, healthy: mine.filter((t) => t.state === 'healthy').length, panic: false, overflow: [] });
  }
  return { source: 'nginx-plus-api', endpoint, outcome: 'read', groups, targets, notes: [] };
};

function peerView(group: string, peer: Peer): GatewayTargetView {
  const state = String(peer.state ?? '');
  const known = STATES[state];
  const hc = peer.health_checks;
  const checks = hc && hc.checks !== undefined ? `, health checks ${Number(hc.fails) || 0}/${Number(hc.checks) || 0} failed${hc.last_passed === false ? ' (last failed)' : ''}` : '';
  const since = typeof peer.downstart === 'string' ? peer.downstart : typeof peer.downstart === 'number' ? new Date(peer.downstart).toISOString() : undefined;
  return {
    source: 'nginx-plus-api', group, address: String(peer.server ?? ''),
    state: known?.state ?? 'unknown', flags: [state, ...(peer.backup === true ? ['backup'] : [])],
    detail: `${known?.words ?? state}${checks}, fails ${Number(peer.fails) || 0}`,
    ...(known?.kind ? { kind: known.kind } : {}),
    ...(since && known?.state !== 'healthy' ? { since } : {}),
  };
}
