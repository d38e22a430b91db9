/**
 * One group → one HAProxy `backend` section: mode, balance, the check (`option httpchk` with
 * `http-check send`/`expect`, or a plain TCP `check`), timeouts, retries, and a `server` line per
 * target (weight, backup, disabled, maxconn, ssl with verify/ca-file/sni/verifyhost/alpn, proto h2).
 * What HAProxy cannot express goes to `notes`.
 */
import type { ActiveHealthCheck, RetryPolicy, Target, UpstreamGroup } from '../model/index.js';
import { effectivePort, formatDuration } from '../model/index.js';

/** Protocols HAProxy proxies in `mode http`. */
export const HTTP_MODE = new Set(['http1', 'http1.0', 'h2', 'h2c', 'grpc', 'mcp']);

export function backendSection(g: UpstreamGroup, resolversName: string | undefined, notes: string[]): string[] {
  const name = sectionName(g.name);
  const http = HTTP_MODE.has(g.protocol);
  if (!http && g.protocol !== 'tcp') notes.push(`${g.name}: HAProxy does not proxy ${g.protocol}; written as mode tcp`);
  if (g.protocol === 'http1.0') notes.push(`${g.name}: HAProxy always speaks HTTP/1.1 upstream`);
  const lines = [`backend ${name}`, `    mode ${http ? 'http' : 'tcp'}`, `    balance ${balance(g, notes)}`];
  const a = g.health.active;
  if (a) lines.push(...checkLines(g, a, http, notes));
  if (g.timeouts.connectMs !== undefined) lines.push(`    timeout connect ${ms(g.timeouts.connectMs)}`);
  const serverMs = g.timeouts.readMs ?? g.timeouts.requestMs;
  if (serverMs !== undefined) lines.push(`    timeout server ${ms(serverMs)}`);
  if (g.timeouts.readMs === undefined && g.timeouts.requestMs !== undefined) notes.push(`${g.name}: the request timeout is written as timeout server (HAProxy's is an inactivity timeout)`);
  if (g.retries) lines.push(...retryLines(g.retries, notes, g.name));
  if (a) lines.push(`    default-server ${checkTiming(a)}`);
  if (g.health.passive) notes.push(`${g.name}: passive ejection (outlier detection) is not written; HAProxy's closest is 'observe layer7 error-limit N on-error mark-down' on the servers`);
  if (g.circuitBreaker) notes.push(`${g.name}: HAProxy has no circuit breaker; not written`);
  if (g.sticky) notes.push(`${g.name}: sticky sessions (learn ${g.sticky.learn}) are not written; HAProxy's closest is 'cookie' / 'stick-table'`);
  if (g.onAllUnhealthy === 'fail_open') notes.push(`${g.name}: on_all_unhealthy fail_open has no HAProxy equivalent (it answers 503)`);
  g.targets.forEach((t, i) => lines.push(serverLine(g, t, i, resolversName, a !== undefined)));
  return lines;
}

/** HAProxy section names: letters, digits, `-`, `_`, `.`, `:`. */
export function sectionName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.:-]/g, '_');
}

function balance(g: UpstreamGroup, notes: string[]): string {
  switch (g.balance) {
    case 'round_robin': return 'roundrobin';
    case 'least_request': return 'leastconn';
    case 'random': return 'random';
    case 'p2c': return 'random(2)';
    case 'ip_hash': return 'source';
    case 'hash':
      if (g.hashOn && 'header' in g.hashOn) return `hdr(${g.hashOn.header})`;
      notes.push(`${g.name}: hashing on ${JSON.stringify(g.hashOn ?? {})} is written as balance source`);
      return 'source';
    default:
      notes.push(`${g.name}: balance ${g.balance} is written as roundrobin`);
      return 'roundrobin';
  }
}

function checkLines(g: UpstreamGroup, a: ActiveHealthCheck, http: boolean, notes: string[]): string[] {
  if (a.type === 'tcp') return [];
  if (a.type !== 'http' || !http) {
    notes.push(`${g.name}: HAProxy has no ${a.type} health check; written as a TCP connect check`);
    return [];
  }
  const send = [`meth ${a.method ?? 'GET'}`, `uri ${quoted(a.path ?? '/')}`, 'ver HTTP/1.1', `hdr host ${quoted(a.host ?? g.name)}`];
  for (const [k, v] of Object.entries(a.headers ?? {})) if (k.toLowerCase() !== 'host') send.push(`hdr ${quoted(k)} ${quoted(v)}`);
  const lines = ['    option httpchk', `    http-check send ${send.join(' ')}`];
  if (a.expectStatus.length > 0) lines.push(`    http-check expect status ${a.expectStatus.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(',')}`);
  const body = a.expectBody;
  if (body?.kind === 'substring') lines.push(`    http-check expect string ${quoted(body.value)}`);
  if (body?.kind === 'regex') lines.push(`    http-check expect rstring ${quoted(body.value)}`);
  if (body?.kind === 'not-regex') lines.push(`    http-check expect ! rstring ${quoted(body.value)}`);
  lines.push(`    timeout check ${ms(a.timeoutMs)}`);
  return lines;
}

function checkTiming(a: ActiveHealthCheck): string {
  return [
    `inter ${ms(a.intervalMs)}`,
    ...(a.unhealthyIntervalMs !== undefined ? [`downinter ${ms(a.unhealthyIntervalMs)}`] : []),
    `rise ${a.rise}`, `fall ${a.fall}`,
    ...(a.port !== undefined ? [`port ${a.port}`] : []),
  ].join(' ');
}

const RETRY_ON: Readonly<Record<string, string>> = { connect_failure: 'conn-failure', reset: 'empty-response', timeout: 'response-timeout' };

function retryLines(r: RetryPolicy, notes: string[], name: string): string[] {
  if (r.backoffMs > 0) notes.push(`${name}: retry backoff ${formatDuration(r.backoffMs)} is not written (HAProxy retries at once, or after 1s on the same server)`);
  const on = r.on.map((o) => RETRY_ON[o] ?? o);
  return [`    retries ${r.attempts}`, ...(on.length > 0 ? [`    retry-on ${on.join(' ')}`] : []), '    option redispatch'];
}

function serverLine(g: UpstreamGroup, t: Target, i: number, resolversName: string | undefined, checked: boolean): string {
  const name = t.name !== undefined ? sectionName(t.name) : `s${i + 1}`;
  const port = effectivePort(t) ?? t.portText;
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  const address = t.socket === 'unix' ? t.host : port === undefined ? host : `${host}:${port}`;
  const words = ['    server', name, address];
  if (checked) words.push('check');
  if (t.weight !== undefined) words.push(`weight ${t.weight}`);
  if (t.backup) words.push('backup');
  if (t.down) words.push('disabled');
  if (g.maxRequests !== undefined) words.push(`maxconn ${g.maxRequests}`);
  if (t.checkPort !== undefined) words.push(`port ${t.checkPort}`);
  if (t.resolve && resolversName) words.push(`resolvers ${resolversName}`, 'init-addr last,libc,none');
  const tls = g.tls;
  if (tls) {
    words.push('ssl', `verify ${tls.verify ? 'required' : 'none'}`);
    if (tls.verify) words.push(`ca-file ${tls.ca ?? '@system-ca'}`);
    const sni = tls.sni ?? (tls.autoSni && t.socket === 'inet' ? t.host : undefined);
    if (sni !== undefined) words.push(`sni str(${sni})`);
    if (tls.verify && tls.verifyName !== undefined && tls.verifyName !== sni) words.push(`verifyhost ${tls.verifyName}`);
    if (tls.clientCert?.cert !== undefined) words.push(`crt ${tls.clientCert.cert}`);
    if (tls.minVersion) words.push(`ssl-min-ver ${tls.minVersion === 'TLSv1' ? 'TLSv1.0' : tls.minVersion}`);
    if (tls.maxVersion) words.push(`ssl-max-ver ${tls.maxVersion === 'TLSv1' ? 'TLSv1.0' : tls.maxVersion}`);
    const alpn = tls.alpn.length > 0 ? tls.alpn : g.protocol === 'h2' || g.protocol === 'grpc' ? ['h2'] : [];
    if (alpn.length > 0) words.push(`alpn ${alpn.join(',')}`);
  } else if (g.protocol === 'h2c' || g.protocol === 'grpc' || g.protocol === 'h2') {
    words.push('proto h2');
  }
  return words.join(' ');
}

function ms(value: number): string {
  return formatDuration(value);
}

/** A word HAProxy reads back as written: quoted when it holds blanks, quotes, `#` or `\`. */
export function quoted(text: string): string {
  return /^[^\s"'#\\$]+$/.test(text) ? text : `"${text.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}
