/**
 * `uh export --to haproxy`: the model as a complete haproxy.cfg that `haproxy -c` accepts: a
 * defaults section (mode http and the three timeouts HAProxy warns without), one frontend whose
 * `use_backend` rules follow the routes in order (path_beg / path / path_reg, Host without its
 * port, method), a backend per group, and a `resolvers` section when targets are re-resolved.
 * What HAProxy cannot express is a `# note:` comment at the top. Pure: model in, text out.
 */
import { basename } from 'node:path';
import type { GatewayConfig, Route, UpstreamGroup } from '../model/index.js';
import { HTTP_MODE, backendSection, quoted, sectionName } from './haproxy-backend.js';

const RESOLVERS = 'uh_dns';

export function toHaproxy(config: GatewayConfig): string {
  const notes: string[] = [];
  const byName = new Map(config.groups.map((g) => [g.name, g]));
  const routes = config.routes.filter((r) => usable(r, byName, notes));
  const resolving = config.groups.some((g) => g.targets.some((t) => t.resolve));
  const nameservers = resolving ? resolverAddresses(config) : [];
  const sections = [
    ['defaults', '    mode http', '    timeout connect 5s', '    timeout client 30s', '    timeout server 30s'],
    frontend(config, routes),
    ...config.groups.map((g) => backendSection(g, resolving ? RESOLVERS : undefined, notes)),
    ...(resolving ? [resolversSection(nameservers)] : []),
  ];
  for (const g of config.groups.filter((x) => x.discovery === 'dynamic')) notes.push(`${g.name}: endpoints come from service discovery; write a server-template with resolvers for them`);
  const header = [
    `# haproxy.cfg exported by uh from ${basename(config.source.path)} (${config.source.format}).`,
    '# Check it with: haproxy -c -f <this file>',
    ...[...new Set(notes)].map((n) => `# note: ${n}`),
  ];
  return `${header.join('\n')}\n\n${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}

function usable(r: Route, byName: ReadonlyMap<string, UpstreamGroup>, notes: string[]): boolean {
  const g = byName.get(r.upstream);
  if (!g) notes.push(`route to ${r.upstream} (line ${r.loc.line}) names no defined group; left out`);
  else if (!HTTP_MODE.has(g.protocol)) notes.push(`route to ${r.upstream}: a ${g.protocol} backend cannot serve an HTTP frontend; left out`);
  else if (r.unevaluated !== undefined) notes.push(`route to ${r.upstream} (line ${r.loc.line}): ${r.condition ?? 'its condition'} is not carried over (${r.unevaluated})`);
  else return true;
  return false;
}

function frontend(config: GatewayConfig, routes: readonly Route[]): string[] {
  const lines = ['frontend uh_http', `    bind ${config.serve.listen ?? '0.0.0.0:8080'}`];
  const rules: string[] = [];
  routes.forEach((r, i) => {
    const acls = routeAcls(r, i);
    lines.push(...acls.map(([name, criterion]) => `    acl ${name} ${criterion}`));
    const backend = sectionName(r.upstream);
    rules.push(acls.length > 0 ? `    use_backend ${backend} if ${acls.map(([n]) => n).join(' ')}` : `    use_backend ${backend}`);
  });
  return [...lines, ...rules];
}

/** The route's match as named ACLs, AND-ed (none: every request). */
function routeAcls(r: Route, i: number): [string, string][] {
  const m = r.match;
  const out: [string, string][] = [];
  if (m.host !== undefined) {
    out.push([`r${i}_host`, m.host.startsWith('*.') ? `hdr_end(host),field(1,:) -i ${quoted(m.host.slice(1))}` : `hdr(host),field(1,:) -i ${quoted(m.host)}`]);
  }
  if (m.path !== undefined) out.push([`r${i}_path`, `path ${quoted(m.path)}`]);
  else if (m.pathPrefix !== undefined && m.pathPrefix !== '/') out.push([`r${i}_path`, `path_beg ${quoted(m.pathPrefix)}`]);
  else if (m.pathRegex !== undefined) {
    const caseless = m.pathRegex.startsWith('(?i)');
    out.push([`r${i}_path`, `path_reg ${caseless ? '-i ' : ''}${quoted(caseless ? m.pathRegex.slice(4) : m.pathRegex)}`]);
  }
  if (m.method !== undefined) out.push([`r${i}_method`, `method ${m.method}`]);
  return out;
}

function resolverAddresses(config: GatewayConfig): string[] {
  const all = [...config.resolvers, ...config.groups.flatMap((g) => g.resolvers)];
  const seen = new Set(all.map((r) => (r.host.includes(':') ? `[${r.host}]:${r.port}` : `${r.host}:${r.port}`)));
  return [...seen];
}

function resolversSection(nameservers: readonly string[]): string[] {
  return [
    `resolvers ${RESOLVERS}`,
    ...(nameservers.length > 0 ? nameservers.map((n, i) => `    nameserver ns${i + 1} ${n}`) : ['    parse-resolv-conf']),
  ];
}
