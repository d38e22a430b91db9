import type { UpstreamGroup } from '../model/group.js';
import type { ActiveHealthCheck, BodyMatch } from '../model/health.js';
import type { TlsSettings } from '../model/tls.js';
import type { NginxExportOptions } from './nginx-upstream.js';
import { nginxName, nginxQuote, nginxTime } from './nginx-upstream.js';

/** Statuses `proxy_next_upstream` can retry on (ngx_http_proxy_module). */
const NEXT_UPSTREAM_STATUS = new Set(['500', '502', '503', '504', '403', '404', '429']);

/** The system trust store nginx is pointed at when uh verifies with "the system's" CAs (Debian path). */
export const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * The directives inside a `location` that proxies to `group`: pass, HTTP/1.1 keep-alive,
 * timeouts, retries (`proxy_next_upstream`), TLS (`proxy_ssl_*`) and, with --plus, the active
 * check. gRPC groups use `grpc_pass` and the `grpc_*` family, which mirror the proxy ones.
 */
export function locationBody(group: UpstreamGroup, options: NginxExportOptions, withHealthCheck: boolean, notes: string[]): string[] {
  const grpc = group.protocol === 'grpc';
  const p = grpc ? 'grpc' : 'proxy';
  const scheme = grpc ? (group.tls ? 'grpcs' : 'grpc') : group.tls ? 'https' : 'http';
  const lines = [`${p}_pass ${scheme}://${nginxName(group.name)};`];
  if (!grpc) lines.push('proxy_http_version 1.1;', 'proxy_set_header Connection "";');
  if (group.protocol === 'h2' || group.protocol === 'h2c') {
    notes.push(`${group.name}: nginx proxies HTTP/1.1 to upstreams (h2 only through grpc_pass); protocol ${group.protocol} becomes HTTP/1.1`);
  }
  if (group.protocol === 'mcp') lines.push('proxy_buffering off;');
  const t = group.timeouts;
  if (t.connectMs !== undefined) lines.push(`${p}_connect_timeout ${nginxTime(t.connectMs)};`);
  const read = t.readMs ?? t.requestMs;
  if (read !== undefined) lines.push(`${p}_read_timeout ${nginxTime(read)};`);
  if (t.sendMs !== undefined) lines.push(`${p}_send_timeout ${nginxTime(t.sendMs)};`);
  if (t.readMs === undefined && t.requestMs !== undefined) {
    notes.push(`${group.name}: nginx has no whole-request timeout; the request timeout became ${p}_read_timeout (between two reads)`);
  }
  lines.push(...retryLines(group, p, notes));
  if (group.tls) lines.push(...tlsLines(group.tls, p));
  if (withHealthCheck && group.health.active) lines.push(...healthCheckLines(group, group.health.active, options, notes));
  return lines;
}

function retryLines(group: UpstreamGroup, p: string, notes: string[]): string[] {
  const r = group.retries;
  if (!r) return [`${p}_next_upstream off;`];
  const conditions = new Set<string>();
  for (const on of r.on) {
    if (on === 'connect_failure' || on === 'reset') conditions.add('error');
    else if (on === 'timeout') conditions.add('timeout');
    else if (NEXT_UPSTREAM_STATUS.has(on)) conditions.add(`http_${on}`);
    else notes.push(`${group.name}: nginx cannot retry on status ${on}`);
  }
  if (r.perTryTimeoutMs !== undefined || r.budget < 1) {
    notes.push(`${group.name}: nginx has no per-try timeout or retry budget; retries are bounded by ${p}_next_upstream_tries only`);
  }
  if (conditions.size === 0) return [`${p}_next_upstream off;`];
  return [`${p}_next_upstream ${[...conditions].join(' ')};`, `${p}_next_upstream_tries ${r.attempts + 1};`];
}

function tlsLines(tls: TlsSettings, p: string): string[] {
  const lines: string[] = [];
  const name = tls.verifyName ?? tls.sni;
  if (tls.sni !== undefined || tls.autoSni) lines.push(`${p}_ssl_server_name on;`);
  if (name !== undefined) lines.push(`${p}_ssl_name ${name};`);
  lines.push(`${p}_ssl_verify ${tls.verify ? 'on' : 'off'};`);
  if (tls.verify) lines.push(`${p}_ssl_trusted_certificate ${tls.ca ?? SYSTEM_CA_BUNDLE};`);
  const versions = tlsVersions(tls);
  if (versions) lines.push(`${p}_ssl_protocols ${versions};`);
  if (tls.clientCert?.cert && tls.clientCert.key) {
    lines.push(`${p}_ssl_certificate ${tls.clientCert.cert};`, `${p}_ssl_certificate_key ${tls.clientCert.key};`);
  }
  return lines;
}

const VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;

function tlsVersions(tls: TlsSettings): string | undefined {
  if (!tls.minVersion && !tls.maxVersion) return undefined;
  const from = VERSIONS.indexOf(tls.minVersion ?? 'TLSv1.2');
  const to = VERSIONS.indexOf(tls.maxVersion ?? 'TLSv1.3');
  return VERSIONS.slice(from, to + 1).join(' ');
}

/** The `match` block name for a group's check. */
export function matchName(group: UpstreamGroup): string {
  return `${nginxName(group.name)}_health`;
}

/**
 * NGINX Plus `health_check` (ngx_http_upstream_hc_module): interval, fails (= fall), passes
 * (= rise), uri, port, and a `match` block for statuses and body. OSS nginx has no active checks,
 * so without --plus the check is described in a comment and max_fails carries the load.
 */
function healthCheckLines(group: UpstreamGroup, a: ActiveHealthCheck, options: NginxExportOptions, notes: string[]): string[] {
  const what = `${a.type} check${a.path ? ` ${a.path}` : ''} every ${nginxTime(a.intervalMs)}, timeout ${nginxTime(a.timeoutMs)}, rise ${a.rise}, fall ${a.fall}`;
  if (!options.plus) {
    notes.push(`${group.name}: the active ${what} needs NGINX Plus (health_check); export with --plus. nginx OSS relies on max_fails/fail_timeout`);
    return [];
  }
  const parts = [`health_check interval=${nginxTime(a.intervalMs)} fails=${a.fall} passes=${a.rise}`];
  if (a.type === 'grpc') parts.push('type=grpc', ...(a.grpcService ? [`grpc_service=${a.grpcService}`] : []));
  else if (a.path !== undefined) parts.push(`uri=${a.path}`);
  if (a.port !== undefined) parts.push(`port=${a.port}`);
  if (a.type === 'http' && (a.expectStatus.length > 0 || a.expectBody)) parts.push(`match=${matchName(group)}`);
  if (a.type === 'tcp' || a.type === 'mcp') notes.push(`${group.name}: NGINX Plus http health_check sends an HTTP request; the ${a.type} check became one`);
  notes.push(`${group.name}: NGINX Plus bounds health checks by ${a.type === 'grpc' ? 'grpc' : 'proxy'}_connect/read_timeout, not a check timeout (${nginxTime(a.timeoutMs)})`);
  return [`${parts.join(' ')};`];
}

/** The http-level `match {}` block a Plus health check refers to, when the check has conditions. */
export function matchBlock(group: UpstreamGroup, options: NginxExportOptions): string[] {
  const a = group.health.active;
  if (!options.plus || !a || a.type !== 'http' || (a.expectStatus.length === 0 && !a.expectBody)) return [];
  const lines = [`match ${matchName(group)} {`];
  if (a.expectStatus.length > 0) {
    const ranges = a.expectStatus.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`));
    lines.push(`    status ${ranges.join(' ')};`);
  }
  if (a.expectBody) lines.push(`    body ${bodyCondition(a.expectBody)};`);
  lines.push('}');
  return lines;
}

function bodyCondition(body: BodyMatch): string {
  if (body.kind === 'substring') return `~ ${nginxQuote(body.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))}`;
  const flags = body.flags?.includes('i') ? '*' : '';
  return `${body.kind === 'regex' ? '' : '!'}~${flags} ${nginxQuote(body.value)}`;
}
