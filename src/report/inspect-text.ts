/**
 * `uh inspect` as text: what uh understood from the config, group by group, each fact with the
 * file:line it came from, so a reader can check uh's reading against the file before trusting a
 * diagnosis. Pure: (config, options) → string.
 */
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import type { GatewayConfig } from '../model/gateway.js';
import type { UpstreamGroup } from '../model/group.js';
import type { ActiveHealthCheck, PassiveHealthCheck, StatusRange } from '../model/health.js';
import { formatDuration } from '../model/durations.js';
import { formatStatusRange, toStatusRanges } from '../model/status-list.js';
import { formatLine } from '../model/location.js';
import type { SourceLocation } from '../model/location.js';
import type { ResolverAddress } from '../model/resolver.js';
import type { Route } from '../model/route.js';
import type { Target } from '../model/target.js';
import type { TlsSettings } from '../model/tls.js';

export interface InspectTextOptions {
  readonly color: boolean;
}

export function inspectText(config: GatewayConfig, options: InspectTextOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const files = config.source.files.length;
  const lines = [
    `${c.bold(config.source.path)} (${config.source.format}${config.source.formatVersion ? ` ${config.source.formatVersion}` : ''}` +
      `${files > 1 ? `, ${files} files` : ''}): ${plural(config.groups.length, 'upstream group')}, ${plural(config.routes.length, 'route')}`,
  ];
  if (config.resolvers.length > 0) lines.push(`resolvers  ${config.resolvers.map(resolverText).join(', ')}`);
  const serve = [config.serve.listen && `listen ${config.serve.listen}`, config.serve.admin && `admin ${config.serve.admin}`, config.serve.accessLog && `access_log ${config.serve.accessLog}`].filter(Boolean);
  if (serve.length > 0) lines.push(`serve      ${serve.join(' · ')}`);
  if (config.ignore.length > 0) lines.push(`ignore     ${config.ignore.join(', ')}`);
  for (const group of config.groups) lines.push('', ...groupLines(c, group, config.routes.filter((r) => r.upstream === group.name)));
  const defined = new Set(config.groups.map((g) => g.name));
  const undefinedRoutes = config.routes.filter((r) => !defined.has(r.upstream));
  if (undefinedRoutes.length > 0) {
    lines.push('', c.bold.red('routes to undefined groups'));
    for (const route of undefinedRoutes) lines.push(`  ${routeText(route)} ${where(c, route.loc)}`);
  }
  if (config.unresolved.length > 0) {
    lines.push('', c.bold.yellow('unresolved targets (variables: not known until run time)'));
    for (const u of config.unresolved) {
      const resolved = u.resolvedValue !== undefined ? ` → ${u.resolvedValue} (via ${u.resolvedVia ?? '?'})` : '';
      lines.push(`  ${u.directive} ${u.text}${resolved} ${where(c, u.loc)}`);
    }
  }
  const missing = config.missingIncludes ?? [];
  if (missing.length > 0) {
    lines.push('', c.bold.yellow('includes not found here (read without them; --nginx-prefix points at them)'));
    for (const m of missing) {
      const tag = m.stock ? c.dim('stock') : c.yellow('missing');
      lines.push(`  ${tag} include ${m.pattern} (tried ${m.tried.join(', ')}) ${where(c, m.loc)}`);
    }
  }
  if (config.notes.length > 0) {
    lines.push('', c.bold('notes'));
    for (const note of config.notes) {
      const tag = note.severity === 'warning' ? c.yellow('warning') : c.dim('info');
      lines.push(`  ${tag} ${note.message}${note.loc ? ` ${where(c, note.loc)}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function groupLines(c: ChalkInstance, group: UpstreamGroup, routes: readonly Route[]): string[] {
  const origin = [group.source, group.context, group.directive, group.clusterType].filter(Boolean).join(', ');
  const lines = [`${c.bold.cyan(`upstream ${group.name}`)} ${c.dim(`(${origin})`)} ${where(c, group.loc)}`];
  const facts = [`protocol ${group.protocol}`, `balance ${balanceText(group)}`, `discovery ${group.discovery}`];
  if (group.sticky) facts.push(`sticky ${group.sticky.learn} for ${formatDuration(group.sticky.ttlMs)}`);
  if (group.maxRequests !== undefined) facts.push(`max_requests ${group.maxRequests}`);
  facts.push(`all unhealthy: ${group.onAllUnhealthy}`);
  lines.push(row('policy', facts.join(' · ')));
  lines.push(row('targets', group.targets.length === 0 ? c.yellow('none in the file') : ''));
  const width = Math.max(0, ...group.targets.map((t) => t.address.length));
  for (const target of group.targets) lines.push(`      ${target.address.padEnd(width)}  ${targetFlags(c, target)} ${where(c, target.loc)}`.trimEnd());
  lines.push(row('active', group.health.active ? `${activeText(group.health.active)} ${where(c, group.health.active.loc)}` : c.yellow('none (no active health check)')));
  if (group.health.passive) lines.push(row('passive', `${passiveText(group.health.passive)} ${where(c, group.health.passive.loc)}`));
  const memberPassive = group.targets.filter((t) => t.passive).length;
  if (memberPassive > 0 && !group.health.passive) lines.push(row('passive', 'per target (max_fails / fail_timeout above)'));
  if (group.tls) lines.push(row('tls', `${tlsText(c, group.tls)} ${where(c, group.tls.loc)}`));
  else lines.push(row('tls', group.tlsUnknown ? c.yellow('unknown (the scheme is a variable)') : 'off (plain text)'));
  // Spoken to in several ways: each is probed on its own.
  for (const [i, way] of (group.ways ?? []).entries()) {
    lines.push(row(i === 0 ? 'ways' : '', `${way.protocol}${way.tls ? ' over TLS' : ''} — ${way.label}`));
  }
  const timeouts = timeoutsText(group);
  if (timeouts) lines.push(row('timeouts', timeouts));
  if (group.retries) {
    const r = group.retries;
    lines.push(row('retries', `${r.attempts} on ${r.on.join(', ')}, backoff ${formatDuration(r.backoffMs)}..${formatDuration(r.maxBackoffMs)}, budget ${pct(r.budget)}`));
  }
  if (group.circuitBreaker) {
    const b = group.circuitBreaker;
    lines.push(row('breaker', `open at ${pct(b.failureRatio)} failures (≥ ${b.minRequests} requests / ${formatDuration(b.windowMs)}) for ${formatDuration(b.openForMs)}`));
  }
  if (group.resolvers.length > 0) lines.push(row('resolvers', group.resolvers.map(resolverText).join(', ')));
  lines.push(row('routes', routes.length === 0 ? c.dim('none') : ''));
  for (const route of routes) lines.push(`      ${routeText(route)} ${where(c, route.loc)}`);
  return lines;
}

function row(label: string, text: string): string {
  return `  ${label.padEnd(10)}${text}`.trimEnd();
}

function where(c: ChalkInstance, loc: SourceLocation): string {
  return c.dim(formatLine(loc));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function pct(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

function balanceText(group: UpstreamGroup): string {
  const key = group.hashOn;
  if (!key) return group.balance;
  const on = 'header' in key ? `header ${key.header}` : 'cookie' in key ? `cookie ${key.cookie}` : key.expression;
  return `${group.balance} on ${on}`;
}

function targetFlags(c: ChalkInstance, target: Target): string {
  const parts = [`weight ${target.weight ?? 1}${target.weight === undefined ? c.dim(' (default)') : ''}`];
  if (target.backup) parts.push(c.yellow('backup'));
  if (target.down) parts.push(c.red('down'));
  if (target.resolve) parts.push('resolve');
  if (target.port === undefined && target.socket === 'inet') {
    parts.push(target.portText !== undefined ? c.yellow(`port ${target.portText} (template)`) : `port ${target.defaultPort ?? '?'} (default)`);
  }
  if (target.passive) parts.push(`max_fails ${target.passive.maxFails} / fail_timeout ${formatDuration(target.passive.failTimeoutMs)}`);
  return parts.join(' · ');
}

function statusText(ranges: readonly StatusRange[]): string {
  if (ranges.length === 0) return '200-399';
  return ranges.map(formatStatusRange).join(', ');
}

function activeText(a: ActiveHealthCheck): string {
  const what = a.type === 'http' ? `http ${a.method ?? 'GET'} ${a.path ?? '/'}` : a.type === 'mcp' ? `mcp initialize ${a.path ?? '/'}` : a.type === 'grpc' ? `grpc health${a.grpcService ? ` ${a.grpcService}` : ''}` : 'tcp connect';
  const parts = [`${what}${a.port !== undefined ? ` on port ${a.port}` : ''}`, `every ${formatDuration(a.intervalMs)}`, `timeout ${formatDuration(a.timeoutMs)}`, `rise ${a.rise} / fall ${a.fall}`];
  if (a.type === 'http') parts.push(`expect ${statusText(a.expectStatus)}`);
  if (a.expectBody) parts.push(`body ${a.expectBody.kind === 'substring' ? `contains "${a.expectBody.value}"` : `${a.expectBody.kind === 'not-regex' ? '!~' : '~'} /${a.expectBody.value}/${a.expectBody.flags ?? ''}`}`);
  if (a.unhealthyIntervalMs !== undefined) parts.push(`every ${formatDuration(a.unhealthyIntervalMs)} while unhealthy`);
  return `${parts.join(', ')} [${a.origin}]`;
}

function passiveText(p: PassiveHealthCheck): string {
  return `eject after ${p.maxFailures} failures in ${formatDuration(p.failureWindowMs)} for ${formatDuration(p.ejectForMs)} (≤ ${p.maxEjectedPercent}% of the group; statuses ${p.unhealthyStatuses.length > 0 ? statusText(toStatusRanges(p.unhealthyStatuses)) : 'none'})`;
}

function tlsText(c: ChalkInstance, t: TlsSettings): string {
  const sni = t.sni !== undefined ? `sni ${t.sni}` : t.autoSni ? "sni = target's host" : c.yellow('no sni');
  const parts = [sni, t.verify ? `verify on${t.verifyName ? ` (name ${t.verifyName})` : ''}` : c.yellow('verify off')];
  parts.push(t.ca ? `trust ${t.ca}` : t.caInline ? 'trust inline PEM'
    : t.trustStoreMissing ? c.red(`no trust store: ${t.trustStoreMissing.directive} on without a trusted certificate (the gateway refuses to start)`)
      : "trust the system's CAs");
  if (t.subjectAltNames.length > 0) parts.push(`SAN ${t.subjectAltNames.join(', ')}`);
  if (t.clientCert) parts.push(`client cert ${t.clientCert.cert ?? '?'}`);
  if (t.minVersion || t.maxVersion) parts.push(`${t.minVersion ?? ''}..${t.maxVersion ?? ''}`);
  if (t.alpn.length > 0) parts.push(`alpn ${t.alpn.join(',')}`);
  return parts.join(' · ');
}

function timeoutsText(group: UpstreamGroup): string {
  const t = group.timeouts;
  const entries: [string, number | undefined][] = [['connect', t.connectMs], ['send', t.sendMs], ['read', t.readMs], ['request', t.requestMs], ['idle', t.idleMs]];
  return entries.filter(([, ms]) => ms !== undefined).map(([name, ms]) => `${name} ${formatDuration(ms!)}`).join(' · ');
}

function resolverText(r: ResolverAddress): string {
  return `${r.host.includes(':') ? `[${r.host}]` : r.host}:${r.port}`;
}

function routeText(route: Route): string {
  const m = route.match;
  const path = m.path ?? (m.pathRegex !== undefined ? `~ ${m.pathRegex}` : `${m.pathPrefix ?? '/'}*`);
  const parts = [m.method, m.host, path].filter(Boolean).join(' ');
  const weight = route.weight !== undefined ? ` (weight ${route.weight})` : '';
  return `${parts} → ${route.upstream}${weight} via ${route.via}${route.listener ? ` on ${route.listener}` : ''}`;
}
