/**
 * Caddy's admin API (`--admin http://127.0.0.1:2019`): `/reverse_proxy/upstreams` lists every
 * upstream address with `num_requests` (in flight) and `fails` (recent failures counted by passive
 * health checking). Caddy reports no health state there, and uh says so rather than invent one: a
 * target with fails is "failing live requests", not "down".
 */
import { httpGet } from './bounded-io.js';
import type { GatewayTargetView, GatewayViewSource } from './types.js';
import { skippedView } from './types.js';

interface CaddyUpstream { address?: unknown; num_requests?: unknown; fails?: unknown }

export const CADDY_NO_HEALTH_STATE = 'Caddy\'s /reverse_proxy/upstreams reports request and failure counts only, no health state: uh cannot tell from it whether Caddy still routes to a target';

export const caddyAdminSource: GatewayViewSource = async (endpoint, ctx) => {
  const url = `${new URL(endpoint).origin}/reverse_proxy/upstreams`;
  const got = await httpGet(url, ctx);
  if (!got.ok) return skippedView('caddy-admin', endpoint, `cannot read the Caddy admin: ${got.reason}`);
  if (got.status !== 200) return skippedView('caddy-admin', endpoint, `GET ${url} answered ${got.status}`);
  let list: unknown;
  try {
    list = JSON.parse(got.text);
  } catch {
    return skippedView('caddy-admin', endpoint, `GET ${url} did not answer JSON`);
  }
  if (list !== null && !Array.isArray(list)) return skippedView('caddy-admin', endpoint, `GET ${url} did not answer a list of upstreams`);
  const targets: GatewayTargetView[] = ((list ?? []) as CaddyUpstream[]).slice(0, 100_000).map((u) => {
    const fails = Number(u.fails) || 0;
    const inFlight = Number(u.num_requests) || 0;
    return {
      source: 'caddy-admin', group: '', address: String(u.address ?? ''),
      state: fails > 0 ? 'unhealthy' : 'unknown', flags: [], kind: 'traffic',
      detail: `fails ${fails}, num_requests ${inFlight} in flight`,
    };
  });
  return { source: 'caddy-admin', endpoint, outcome: 'read', groups: [], targets, notes: [CADDY_NO_HEALTH_STATE] };
};
