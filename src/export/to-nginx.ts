import { basename } from 'node:path';
import type { GatewayConfig } from '../model/gateway.js';
import type { UpstreamGroup } from '../model/group.js';
import type { Route } from '../model/route.js';
import { locationBody, matchBlock } from './nginx-location.js';
import type { NginxExportOptions } from './nginx-upstream.js';
import { nginxName, nginxQuote, upstreamBlock } from './nginx-upstream.js';

export type { NginxExportOptions } from './nginx-upstream.js';

/**
 * `uh export --to nginx`: the model as nginx config. `toNginxMain` is a complete `nginx.conf`
 * (`events {}`, `http {}` around the groups and servers) that `nginx -t -c FILE` accepts as
 * written; `toNginx` is the `http {}`-context fragment for `conf.d/` (`--snippet`): one `upstream`
 * per group, one `server` per route host with a `location` per route, resolvers, and with --plus
 * the NGINX Plus active checks. What nginx cannot express is a `# note:` comment at the top, never
 * a silent drop. Pure: model in, text out.
 */
export function toNginx(config: GatewayConfig, options: NginxExportOptions = { plus: false }): string {
  const { notes, body } = httpContext(config, options);
  return render([...header(config, options, notes, '# Include it inside the http {} block (e.g. conf.d/uh.conf).'), '', ...body]);
}

/** A complete nginx.conf: the same http-context text inside `http {}`, after `events {}`. */
export function toNginxMain(config: GatewayConfig, options: NginxExportOptions = { plus: false }): string {
  const { notes, body } = httpContext(config, options);
  return render([
    ...header(config, options, notes, '# A complete nginx.conf: check it with `nginx -t -c <this file>`; `uh export --snippet` writes the http {} part alone.'),
    '',
    'events {}',
    '',
    'http {',
    '    # No access log, so the file checks and runs anywhere (no root-owned log path, no /dev/stdout,',
    '    # which fails when stdout is a socket); name a file to keep one: access_log /var/log/nginx/access.log;',
    '    access_log off;',
    '',
    ...trimTrailingBlank(body).map((line) => (line === '' ? '' : `    ${line}`)),
    '}',
  ]);
}

function header(config: GatewayConfig, options: NginxExportOptions, notes: readonly string[], usage: string): string[] {
  return [
    `# nginx config exported by uh from ${basename(config.source.path)} (${config.source.format}).`,
    usage,
    ...(options.plus ? ['# Uses NGINX Plus directives (health_check, match, resolve, sticky).'] : []),
    ...[...new Set(notes)].map((n) => `# note: ${n}`),
  ];
}

function render(lines: readonly string[]): string {
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function trimTrailingBlank(lines: readonly string[]): readonly string[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1] === '') end--;
  return lines.slice(0, end);
}

/** The http-context lines (resolvers, upstreams, servers) and the notes writing them produced. */
function httpContext(config: GatewayConfig, options: NginxExportOptions): { notes: string[]; body: string[] } {
  const notes: string[] = [];
  const groups = config.groups.filter((g) => g.targets.length > 0);
  for (const g of config.groups.filter((x) => x.targets.length === 0)) notes.push(`${g.name}: no targets in the file; left out`);
  const byName = new Map(groups.map((g) => [g.name, g]));
  const body: string[] = [];
  if (config.resolvers.length > 0) {
    const list = config.resolvers.map((r) => (r.host.includes(':') ? `[${r.host}]:${r.port}` : `${r.host}:${r.port}`));
    body.push(`resolver ${list.join(' ')} valid=30s;`, 'resolver_timeout 5s;', '');
  }
  for (const group of groups) body.push(...upstreamBlock(group, options, notes), ...matchBlock(group, options), '');
  body.push(...serverBlocks(config, byName, options, notes));
  return { notes, body };
}

/** Routes grouped by host into `server` blocks; groups with a Plus check but no route get an internal location. */
function serverBlocks(config: GatewayConfig, byName: ReadonlyMap<string, UpstreamGroup>, options: NginxExportOptions, notes: string[]): string[] {
  const hosts = new Map<string, Route[]>();
  const routes = routesServed(config, byName);
  for (const route of routes) {
    if (!byName.has(route.upstream)) {
      notes.push(`route ${describe(route)} names no defined group (${route.upstream}); left out`);
      continue;
    }
    const key = route.match.host ?? '';
    hosts.set(key, [...(hosts.get(key) ?? []), route]);
  }
  const checked = new Set<string>();
  const unrouted = [...byName.values()].filter((g) => !routes.some((r) => r.upstream === g.name));
  if (hosts.size === 0 && unrouted.length === 0) return [];
  const listen = config.serve.listen ?? '8080';
  const out: string[] = [];
  const hostKeys = [...hosts.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  if (!hostKeys.includes('')) hostKeys.push('');
  for (const host of hostKeys) {
    const routes = hosts.get(host) ?? [];
    const extra = host === '' ? unrouted.filter((g) => options.plus && g.health.active) : [];
    if (routes.length === 0 && extra.length === 0) continue;
    out.push('server {', `    listen ${listen};`, ...(host ? [`    server_name ${host};`] : []), '');
    const seen = new Set<string>();
    for (const route of routes) {
      const group = byName.get(route.upstream)!;
      const path = locationPath(route);
      if (seen.has(path)) {
        notes.push(`route ${describe(route)} repeats location ${path} in server ${host || '(default)'}; left out`);
        continue;
      }
      seen.add(path);
      const withCheck = !checked.has(group.name);
      checked.add(group.name);
      out.push(`    location ${path} {`, ...methodLimit(route), ...locationBody(group, options, withCheck, notes).map((l) => `        ${l}`), '    }');
    }
    for (const group of extra) {
      checked.add(group.name);
      const body = locationBody(group, options, true, notes).map((l) => `        ${l}`);
      out.push(`    location /.uh-health/${nginxName(group.name)} {`, '        internal;', ...body, '    }');
    }
    out.push('}', '');
  }
  return out;
}

/** The routes as `uh serve` serves them: with no routes and a single group, every request goes to it (route-table.ts). */
function routesServed(config: GatewayConfig, byName: ReadonlyMap<string, UpstreamGroup>): readonly Route[] {
  const only = byName.size === 1 ? [...byName.values()][0]! : undefined;
  if (config.routes.length > 0 || !only || config.groups.length !== 1) return config.routes;
  return [{ match: {}, upstream: only.name, via: 'every request (no routes, one group)', loc: only.loc }];
}

function locationPath(route: Route): string {
  const m = route.match;
  if (m.path !== undefined) return `= ${m.path}`;
  if (m.pathPrefix !== undefined) return m.pathPrefix;
  if (m.pathRegex !== undefined) return `~ ${nginxQuote(m.pathRegex)}`;
  return '/';
}

/** `limit_except` allows the method (and HEAD with GET) and denies the rest, nginx's method match. */
function methodLimit(route: Route): string[] {
  const method = route.match.method;
  return method ? [`        limit_except ${method} { deny all; }`] : [];
}

function describe(route: Route): string {
  const m = route.match;
  return `${m.host ?? '*'}${m.path ?? m.pathPrefix ?? m.pathRegex ?? '/'} (line ${route.loc.line})`;
}
