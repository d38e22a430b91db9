/**
 * HAProxy's statistics rows → the gateway view: a target per server row (its `status`, the last
 * check's code and words), a group per BACKEND row (members, how many HAProxy would use, queued
 * requests). Shared by the runtime API and the stats page, which serve the same CSV.
 */
import type { CsvRow, HaproxyCsv } from './haproxy-csv.js';
import { num } from './haproxy-csv.js';
import type { ServerAdminState } from './haproxy-servers-state.js';
import { readCheckStatus, readServerStatus } from './haproxy-status.js';
import type { GatewayGroupView, GatewaySourceKind, GatewayTargetView, GatewayView } from './types.js';

/** Rows of type 2 are servers, 1 backends, 0 frontends (`type` column; older versions: svname). */
function rowType(row: CsvRow): 'frontend' | 'backend' | 'server' | 'listener' {
  const type = row.get('type');
  if (type === '0' || row.get('svname') === 'FRONTEND') return 'frontend';
  if (type === '1' || row.get('svname') === 'BACKEND') return 'backend';
  if (type === '3') return 'listener';
  return 'server';
}

export function haproxyView(
  source: GatewaySourceKind, endpoint: string, csv: HaproxyCsv, now: number,
  admin: ReadonlyMap<string, ServerAdminState> = new Map(),
): GatewayView {
  const servers = csv.rows.filter((r) => rowType(r) === 'server');
  const targets = servers.map((row) => serverView(source, row, now, admin.get(`${row.get('pxname')}/${row.get('svname')}`)));
  const groups: GatewayGroupView[] = csv.rows.filter((r) => rowType(r) === 'backend').map((row) => {
    const name = row.get('pxname') ?? '';
    const members = targets.filter((t) => t.group === name);
    return {
      source,
      name,
      members: members.length,
      healthy: members.filter((t) => t.state === 'healthy' || t.state === 'degraded').length,
      // HAProxy has no panic mode: with every server down it answers 503 itself.
      panic: false,
      overflow: overflowWords(row, servers.filter((s) => s.get('pxname') === name)),
    };
  });
  return { source, endpoint, outcome: 'read', groups, targets, notes: [] };
}

function serverView(source: GatewaySourceKind, row: CsvRow, now: number, admin: ServerAdminState | undefined): GatewayTargetView {
  const status = row.get('status') ?? '';
  const reading = readServerStatus(status);
  // 0 while a check is under way: no status to report.
  const checkCode = num(row, 'check_code') || undefined;
  const words = row.get('last_chk') || row.get('check_desc') || '';
  const check = readCheckStatus(row.get('check_status') ?? '', checkCode, words);
  const lastChange = num(row, 'lastchg');
  const adminFlags = admin?.flags ?? [];
  const failing = check?.passed === false && reading.state !== 'maint';
  const detail = [
    status,
    // `* L7TOUT`: a new check is under way; the code is still the last concluded one's.
    ...(check && !(reading.state === 'maint' && !check.passed) ? [row.get('check_status')?.replace(/^\* /, ''), checkCode, words] : []),
    ...(admin?.describe ? [`(${admin.describe})`] : []),
  ].filter((p) => p !== undefined && p !== '').join(' ');
  return {
    source,
    group: row.get('pxname') ?? '',
    name: row.get('svname') ?? '',
    address: row.get('addr') || admin?.address || '',
    state: reading.state === 'healthy' && check?.pending && check.passed === undefined ? 'pending' : reading.state,
    flags: [...reading.flags, ...adminFlags],
    detail,
    kind: reading.state === 'maint' || reading.state === 'draining' ? 'admin' : 'active-check',
    ...(failing && check.cause ? { cause: check.cause } : {}),
    ...(failing && check.layer ? { checkLayer: check.layer } : {}),
    ...(failing && checkCode !== undefined ? { checkStatus: checkCode } : {}),
    ...(lastChange !== undefined ? { since: new Date(now - lastChange * 1000).toISOString() } : {}),
  };
}

/** Queued requests and servers at their maxconn: HAProxy's own limits at work. */
function overflowWords(backend: CsvRow, servers: readonly CsvRow[]): string[] {
  const out: string[] = [];
  const queued = num(backend, 'qcur');
  if (queued !== undefined && queued > 0) out.push(`${queued} request(s) queued in backend ${backend.get('pxname')} (qcur)`);
  for (const s of servers) {
    const limit = num(s, 'slim');
    const current = num(s, 'scur');
    if (limit !== undefined && limit > 0 && current !== undefined && current >= limit) {
      out.push(`server ${s.get('pxname')}/${s.get('svname')} at its maxconn (${current}/${limit} sessions)`);
    }
  }
  return out;
}
