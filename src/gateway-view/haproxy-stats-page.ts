/**
 * HAProxy's HTTP stats page (`--admin http://host:port/stats`): the same CSV as `show stat`, asked
 * for with `;csv`. Credentials in the URL (`http://user:pass@host/stats`) go as Basic auth.
 */
import { httpGet } from './bounded-io.js';
import { parseHaproxyCsv } from './haproxy-csv.js';
import { firstLine } from './haproxy-runtime.js';
import { haproxyView } from './haproxy-view.js';
import type { GatewayViewSource } from './types.js';
import { skippedView } from './types.js';

export const haproxyStatsSource: GatewayViewSource = async (endpoint, ctx) => {
  const { url, headers } = csvUrl(endpoint);
  const got = await httpGet(url, ctx, headers);
  if (!got.ok) return skippedView('haproxy-stats', endpoint, `cannot read the HAProxy stats page: ${got.reason}`);
  if (got.status !== 200) return skippedView('haproxy-stats', endpoint, `GET ${url} answered ${got.status}${got.status === 401 ? ' (the stats page wants credentials: http://user:pass@host/stats)' : ''}`);
  const csv = parseHaproxyCsv(got.text);
  if (!csv) return skippedView('haproxy-stats', endpoint, `GET ${url} did not answer HAProxy's CSV (got: ${firstLine(got.text)})`);
  const view = haproxyView('haproxy-stats', endpoint, csv, ctx.now());
  // Without `stats show-legends` the page leaves `addr` empty, and uh cannot tell which target a server is.
  const hidden = view.targets.filter((t) => t.address === '').length;
  const notes = hidden > 0
    ? [`the stats page hides the address of ${hidden} server(s): add \`stats show-legends\` to its section, or read the runtime API (--admin unix:/path), so uh can match them to targets`]
    : [];
  return { ...view, notes };
};

/** `http://h/stats` → `http://h/stats;csv`, user:pass moved into an Authorization header. */
export function csvUrl(endpoint: string): { url: string; headers: Record<string, string> } {
  const parsed = new URL(endpoint);
  const headers: Record<string, string> = {};
  if (parsed.username) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`;
    parsed.username = '';
    parsed.password = '';
  }
  if (!parsed.pathname.endsWith(';csv')) parsed.pathname = `${parsed.pathname.replace(/\/$/, '') || '/stats'};csv`;
  return { url: parsed.toString(), headers };
}
