import type { UpstreamGroup } from '../model/group.js';
import { formatDuration } from '../model/durations.js';
import type { Target } from '../model/target.js';
import { effectivePort } from '../model/target.js';

/** Options that change what nginx flavour the export targets. */
export interface NginxExportOptions {
  /** NGINX Plus: active `health_check` + `match`, `resolve` on server lines, `sticky learn`. */
  readonly plus: boolean;
}

/** nginx upstream names are bare tokens here; anything else is replaced so the config stays valid. */
export function nginxName(name: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(name) ? name : name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** nginx time syntax (ngx_parse_time): `ms`, `s`, `m`, `h` suffixes; no fractions. */
export function nginxTime(ms: number): string {
  return formatDuration(Math.max(1, Math.round(ms))).replace(/^(\d+)\.(\d+)s$/, (_, s: string, frac: string) => `${Number(s) * 1000 + Number(frac.padEnd(3, '0'))}ms`);
}

/**
 * A time nginx parses in whole seconds (`fail_timeout`: ngx_parse_time with is_sec, which refuses
 * `ms`); 0 stays 0 (with max_fails, "never mark the server unavailable" in effect).
 */
export function nginxSeconds(ms: number): string {
  return ms <= 0 ? '0' : `${Math.max(1, Math.round(ms / 1000))}s`;
}

/** `'` and `\` escaped, wrapped in single quotes: nginx's quoted-string rules. */
export function nginxQuote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The `upstream {}` block (ngx_http_upstream_module): members with weight, backup, down,
 * max_conns, and the group's passive policy as max_fails/fail_timeout (nginx's passive check:
 * `max_fails` failures within `fail_timeout` take a server out for `fail_timeout`).
 */
export function upstreamBlock(group: UpstreamGroup, options: NginxExportOptions, notes: string[]): string[] {
  const name = nginxName(group.name);
  const lines = [`upstream ${name} {`, `    zone ${name} 64k;`];
  const method = balanceDirective(group, notes);
  if (method) lines.push(`    ${method};`);
  for (const target of group.targets) {
    const line = serverLine(group, target, options, notes);
    if (line) lines.push(`    ${line};`);
  }
  if (group.sticky) stickyLine(group, options, notes, lines);
  lines.push('    keepalive 32;', '}');
  return lines;
}

function serverLine(group: UpstreamGroup, target: Target, options: NginxExportOptions, notes: string[]): string | undefined {
  const address = nginxAddress(target);
  if (address === undefined) {
    notes.push(`${group.name}: target ${target.address} has no port nginx can use; left out`);
    return undefined;
  }
  const parts = [`server ${address}`];
  if (target.weight !== undefined && target.weight !== 1) parts.push(`weight=${target.weight}`);
  const passive = group.health.passive;
  if (passive) {
    parts.push(`max_fails=${passive.maxFailures}`, `fail_timeout=${nginxSeconds(passive.failureWindowMs)}`);
  } else if (target.passive) {
    parts.push(`max_fails=${target.passive.maxFails}`, `fail_timeout=${nginxSeconds(target.passive.failTimeoutMs)}`);
  }
  if (group.maxRequests !== undefined) parts.push(`max_conns=${group.maxRequests}`);
  if (target.backup) parts.push('backup');
  if (target.down) parts.push('down');
  if (target.resolve && options.plus) parts.push('resolve');
  return parts.join(' ');
}

/** `host:port`, `[v6]:port` or `unix:/path`, as nginx's `server` directive takes it. */
export function nginxAddress(target: Target): string | undefined {
  if (target.socket === 'unix') return `unix:${target.host}`;
  const port = effectivePort(target);
  if (port === undefined) return undefined;
  return target.host.includes(':') ? `[${target.host}]:${port}` : `${target.host}:${port}`;
}

/**
 * uh balance → nginx method. p2c is `random two least_conn` (nginx's power of two choices);
 * nginx rejects `backup` with hash, ip_hash and random, so a group with backups keeps round robin.
 */
function balanceDirective(group: UpstreamGroup, notes: string[]): string | undefined {
  const b = group.balance;
  const hasBackup = group.targets.some((t) => t.backup);
  const method = b === 'least_request' ? 'least_conn'
    : b === 'random' ? 'random'
    : b === 'p2c' ? 'random two least_conn'
    : b === 'ip_hash' ? 'ip_hash'
    : b === 'hash' ? hashDirective(group, notes)
    : undefined;
  if (b.startsWith('other:')) notes.push(`${group.name}: balance ${b.slice(6)} has no nginx equivalent; round robin`);
  if (method && hasBackup && method !== 'least_conn') {
    notes.push(`${group.name}: nginx does not allow backup servers with "${method}"; round robin keeps the backups`);
    return undefined;
  }
  return method;
}

function hashDirective(group: UpstreamGroup, notes: string[]): string | undefined {
  const key = group.hashOn;
  if (key && 'header' in key) return `hash $http_${key.header.toLowerCase().replace(/-/g, '_')} consistent`;
  if (key && 'cookie' in key) return `hash $cookie_${key.cookie} consistent`;
  if (key && 'expression' in key) return `hash ${key.expression} consistent`;
  notes.push(`${group.name}: balance hash without a key; round robin`);
  return undefined;
}

/** NGINX Plus `sticky learn`: remember which server issued a session id (header or cookie). */
function stickyLine(group: UpstreamGroup, options: NginxExportOptions, notes: string[], lines: string[]): void {
  const learn = group.sticky!.learn;
  if (!options.plus) {
    notes.push(`${group.name}: sticky sessions on ${learn} need NGINX Plus (sticky learn); export with --plus`);
    return;
  }
  const cookie = learn.startsWith('cookie:') ? learn.slice(7) : undefined;
  const variable = (cookie ?? learn).toLowerCase().replace(/-/g, '_');
  const create = cookie ? `$upstream_cookie_${variable}` : `$upstream_http_${variable}`;
  const lookup = cookie ? `$cookie_${variable}` : `$http_${variable}`;
  lines.push(`    sticky learn create=${create} lookup=${lookup} zone=${nginxName(group.name)}_sessions:1m timeout=${nginxTime(group.sticky!.ttlMs)};`);
}
