/**
 * Parameters nginx (with NGINX Plus) accepts on a `server` line and on `health_check`; anything
 * else is rejected by nginx at start-up (`invalid parameter "wieght=5"`), so uh rejects it too,
 * with the likely spelling (ngx_http_upstream_server, ngx_http_upstream_hc_module docs).
 */
export const SERVER_VALUE_PARAMS = ['weight', 'max_fails', 'fail_timeout', 'max_conns', 'slow_start', 'service', 'route'];
export const SERVER_FLAGS = ['backup', 'down', 'resolve', 'drain'];
export const HEALTH_CHECK_VALUE_PARAMS = [
  'interval',
  'jitter',
  'fails',
  'passes',
  'uri',
  'match',
  'port',
  'type',
  'grpc_service',
  'grpc_status',
  'keepalive_time',
];
export const HEALTH_CHECK_FLAGS = ['mandatory', 'persistent', 'udp'];

/** ` (did you mean "weight="?)` when a known name is one or two edits away, else ''. */
export function didYouMean(name: string, values: readonly string[], flags: readonly string[]): string {
  const candidates = [...values.map((v) => `${v}=`), ...flags];
  const key = name.includes('=') ? `${name.slice(0, name.indexOf('='))}=` : name;
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = distance(key, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

/** Levenshtein distance, bounded by the short strings compared here. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length]!;
}
