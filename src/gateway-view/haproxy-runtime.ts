/**
 * HAProxy's runtime API (`--admin unix:/run/haproxy/admin.sock`): `show stat` for every server's
 * status and last check, `show servers state` for why a server is in maintenance. Read-only
 * commands only; `level user` on the socket is enough.
 */
import { unixCommand } from './bounded-io.js';
import { parseHaproxyCsv } from './haproxy-csv.js';
import { parseServersState } from './haproxy-servers-state.js';
import { haproxyView } from './haproxy-view.js';
import type { GatewayViewSource } from './types.js';
import { skippedView } from './types.js';

export const haproxyRuntimeSource: GatewayViewSource = async (endpoint, ctx) => {
  const path = endpoint.replace(/^unix:/, '');
  const stat = await unixCommand(path, 'show stat', ctx);
  if (!stat.ok) return skippedView('haproxy-runtime', endpoint, `cannot read the HAProxy runtime API: ${stat.reason}`);
  const csv = parseHaproxyCsv(stat.text);
  if (!csv) return skippedView('haproxy-runtime', endpoint, `"show stat" on ${path} did not answer HAProxy's CSV (got: ${firstLine(stat.text)})`);
  const state = await unixCommand(path, 'show servers state', ctx);
  const admin = state.ok ? parseServersState(state.text) : new Map();
  const view = haproxyView('haproxy-runtime', endpoint, csv, ctx.now(), admin);
  const notes = [
    ...(stat.truncated ? [`"show stat" was longer than ${ctx.maxBytes} bytes: only the first rows were read`] : []),
    ...(state.ok ? [] : [`"show servers state" could not be read (${state.reason}): maintenance reasons not shown`]),
  ];
  return { ...view, notes };
};

export function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 80 ? `${line.slice(0, 80)}…` : line || '(nothing)';
}
