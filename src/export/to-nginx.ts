import { basename } from 'node:path';
import type { GatewayConfig } from '../model/gateway.js';
import type { UpstreamGroup } from '../model/group.js';
import type { Route } from '../model/route.js';
import { locationBody, matchBlock } from './nginx-location.js';
import type { NginxExportOptions } from './nginx-upstream.js';
import { nginxName, nginxQuote, upstreamBlock } from './nginx-upstream.js';

export type { NginxExportOptions } from './nginx-upstream.js';

/**
 * `uh export --to nginx`: the model as an nginx `http {}`-context file (for `conf.d/`): one
 * `upstream` per group, one `server` per route host with a `location` per route, resolvers, and
 * with --plus the NGINX Plus active checks. What nginx cannot express is a `# note:` comment at
 * the top, never a silent drop. Pure: model in, text out.
 */
export function toNginx(config: GatewayConfig, options: NginxExportOptions = { plus: false }): string {
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
  const header = [
    `# nginx config exported by uh from ${basename(config.source.path)} (${config.source.format}).`,
    '# Include it inside the http {} block (e.g. conf.d/uh.conf).',
    ...(options.plus ? ['# Uses NGINX Plus directives (health_check, match, resolve, sticky).'] : []),
    ...[...new Set(notes)].map((n) => `# note: ${n}`),
  ];
  return `${[...header, '', ...body].join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** Routes grouped by host into `server` blocks; groups with a Plus check but no route get an internal location. */
function serverBlocks(config: GatewayConfig, byName: ReadonlyMap<string, UpstreamGroup>, options: NginxExportOptions, notes: string[]): string[] {
  const hosts = new Map<string, Route[]>();
  for (const route of config.routes) {
    if (!byName.has(route.upstream)) {
      notes.push(`route ${describe(route)} names no defined group (${route.upstream}); left out`);
      continue;
    }
    const key = route.match.host ?? '';
    hosts.set(key, [...(hosts.get(key) ?? []), route]);
  }
  const checked = new Set<string>();
  const unrouted = [...byName.values()].filter((g) => !config.routes.some((r) => r.upstream === g.name));
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
