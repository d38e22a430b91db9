/**
 * Which gateway answers at an `--admin` endpoint, from the endpoint's form first (a unix socket is
 * HAProxy's runtime API; `/stats` or `;csv` its stats page; `/api/<n>` the NGINX Plus API), then from
 * what answers (Envoy's `/clusters?format=json`, Caddy's `/reverse_proxy/upstreams`, HAProxy's CSV).
 * Read-only GETs, each bounded like every other read.
 */
import { httpGet } from './bounded-io.js';
import type { AdminKind, GatewayReadContext, GatewaySourceKind } from './types.js';

export async function detectAdminKind(endpoint: string, ctx: GatewayReadContext, named?: AdminKind): Promise<GatewaySourceKind | { reason: string }> {
  if (endpoint.startsWith('unix:')) {
    if (named && named !== 'haproxy') return { reason: `--admin-kind ${named} over a unix socket is not supported (only HAProxy's runtime API)` };
    return 'haproxy-runtime';
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return { reason: `not an endpoint uh can read: give http(s)://host:port[/path] or unix:/path` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { reason: `${url.protocol} is not http:, https: or unix:` };
  if (named === 'haproxy') return 'haproxy-stats';
  if (named === 'envoy') return 'envoy-admin';
  if (named === 'caddy') return 'caddy-admin';
  if (named === 'nginx-plus') return 'nginx-plus-api';
  if (/\/stats\/?$|;csv$/.test(url.pathname)) return 'haproxy-stats';
  if (/\/api\/\d+\b/.test(url.pathname)) return 'nginx-plus-api';
  const base = `${url.origin}${url.pathname.replace(/\/$/, '')}`;
  const envoy = await httpGet(`${base}/clusters?format=json`, ctx);
  if (envoy.ok && envoy.status === 200 && envoy.text.includes('"cluster_statuses"')) return 'envoy-admin';
  const caddy = await httpGet(`${base}/reverse_proxy/upstreams`, ctx);
  if (caddy.ok && caddy.status === 200 && /^\s*(\[|null)/.test(caddy.text)) return 'caddy-admin';
  const plus = await httpGet(`${base}/api/`, ctx);
  if (plus.ok && plus.status === 200 && /^\s*\[\s*\d/.test(plus.text)) return 'nginx-plus-api';
  const csv = await httpGet(`${base};csv`, ctx);
  if (csv.ok && csv.status === 200 && csv.text.startsWith('# pxname,')) return 'haproxy-stats';
  const why = envoy.ok ? `it answered ${envoy.status} to /clusters?format=json` : envoy.reason;
  return { reason: `no Envoy admin, HAProxy stats, Caddy admin or NGINX Plus API answered there (${why}); name it with --admin-kind` };
}
