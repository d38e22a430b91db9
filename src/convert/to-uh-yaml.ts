import { basename, dirname, relative } from 'node:path';
import type { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { Document, isScalar, isSeq, visit } from 'yaml';
import type { GatewayConfig } from '../model/gateway.js';
import { isIpLiteral } from '../model/target.js';
import type { SourceLocation } from '../model/location.js';
import type { Route } from '../model/route.js';
import { groupToUh } from './uh-group.js';

/**
 * `uh convert`: a gateway config (nginx, Envoy, or uh itself) as uh YAML for the same upstreams and
 * routes. Every group and route carries a comment naming the source `file:line` it came from, and
 * whatever uh cannot express is said in a comment rather than dropped silently. Pure: model in,
 * text out; the result parses with the uh parser (a test holds it to that).
 */
export function toUhYaml(config: GatewayConfig): string {
  const where = (loc: SourceLocation): string => `${sourceName(config, loc.file)}:${loc.line}`;
  const groups: Record<string, unknown> = {};
  const groupComments = new Map<string, string>();
  const dropped: string[] = [];
  for (const group of config.groups) {
    const { value, notes } = groupToUh(group);
    const origin = `from ${where(group.loc)}${group.source === 'proxy_pass literal' ? ` (${group.directive ?? 'proxy_pass'} literal)` : ''}`;
    if (value === undefined) {
      dropped.push(`${origin}: ${notes.join('; ')}`);
      continue;
    }
    groups[group.name] = value;
    groupComments.set(group.name, [origin, ...notes.map((n) => `note: ${n}`)].join('\n'));
  }
  const routes = config.routes.map((r) => routeToUh(r));
  const kept = routes.filter((r) => r.value !== undefined);
  const doc = new Document(rootObject(config, groups, kept.map((r) => r.value!)));
  doc.commentBefore = header(config, dropped, routes.filter((r) => r.value === undefined).map((r) => `${where(r.route.loc)}: ${r.note}`));
  commentKeys(doc.get('upstreams') as YAMLMap | undefined, groupComments);
  const seq = doc.get('routes') as YAMLSeq | undefined;
  seq?.items.forEach((item, i) => {
    const r = kept[i]!;
    (item as YAMLMap).commentBefore = ` from ${where(r.route.loc)} (${r.route.via}${r.route.listener ? `, ${r.route.listener}` : ''})`;
  });
  flowScalarLists(doc);
  return doc.toString({ lineWidth: 0 });
}

/** Lists of plain values in flow style (`expect_status: [200, 300-399]`), as people write them. */
function flowScalarLists(doc: Document): void {
  visit(doc, {
    Seq(_, node) {
      if (isSeq(node) && node.items.length > 0 && node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
}

function rootObject(config: GatewayConfig, groups: Record<string, unknown>, routes: unknown[]): Record<string, unknown> {
  const resolvers = uniqueResolvers(config);
  return {
    ...(config.serve.listen !== undefined ? { listen: config.serve.listen } : {}),
    ...(config.serve.admin !== undefined ? { admin: config.serve.admin } : {}),
    ...(config.serve.accessLog !== undefined && config.serve.accessLog !== 'stdout' ? { access_log: config.serve.accessLog } : {}),
    ...(resolvers.length > 0 ? { resolvers } : {}),
    ...(config.ignore.length > 0 ? { ignore: [...config.ignore] } : {}),
    upstreams: groups,
    ...(routes.length > 0 ? { routes } : {}),
  };
}

/**
 * uh has one resolver list: the gateway's top-level ones first, then any a group adds. uh takes
 * resolvers as IP addresses only (it does not resolve its resolvers); others are left out.
 */
function uniqueResolvers(config: GatewayConfig): string[] {
  const all = [...config.resolvers, ...config.groups.flatMap((g) => g.resolvers)].filter((r) => isIpLiteral(r.host));
  const text = all.map((r) => (r.host.includes(':') ? `[${r.host}]:${r.port}` : `${r.host}:${r.port}`));
  return [...new Set(text)];
}

function namedResolvers(config: GatewayConfig): string[] {
  const all = [...config.resolvers, ...config.groups.flatMap((g) => g.resolvers)].filter((r) => !isIpLiteral(r.host));
  return [...new Set(all.map((r) => `${r.host}:${r.port}`))];
}

interface ConvertedRoute {
  readonly route: Route;
  readonly value?: Record<string, unknown>;
  readonly note?: string;
}

function routeToUh(route: Route): ConvertedRoute {
  const m = route.match;
  if (m.pathRegex !== undefined && m.pathPrefix === undefined && m.path === undefined) {
    return { route, note: `route to ${route.upstream} matches the regex ${m.pathRegex}; uh routes match prefixes or exact paths` };
  }
  const match = {
    ...(m.pathPrefix !== undefined ? { path_prefix: m.pathPrefix } : {}),
    ...(m.path !== undefined ? { path: m.path } : {}),
    ...(m.host !== undefined ? { host: m.host } : {}),
    ...(m.method !== undefined ? { method: m.method } : {}),
  };
  return { route, value: { ...(Object.keys(match).length > 0 ? { match } : {}), upstream: route.upstream } };
}

function header(config: GatewayConfig, dropped: readonly string[], droppedRoutes: readonly string[]): string {
  const lines = [
    ` uh config converted from ${basename(config.source.path)} (${config.source.format}) by uh convert.`,
    ' Comments name the source line of each group and route; "note:" lines say what uh cannot express.',
  ];
  for (const r of namedResolvers(config)) lines.push(` left out: resolver ${r} (uh takes resolvers as IP addresses)`);
  if ([...config.resolvers, ...config.groups.flatMap((g) => g.resolvers)].some((r) => r.ipv6 === false)) {
    lines.push(' left out: ipv6=off on a resolver (uh YAML asks its resolvers for A and AAAA)');
  }
  for (const d of dropped) lines.push(` left out: group ${d}`);
  for (const d of droppedRoutes) lines.push(` left out: route ${d}`);
  for (const u of config.unresolved.filter((x) => x.resolvedValue === undefined)) {
    lines.push(` left out: ${u.directive} ${u.text} (line ${u.loc.line}) names its upstream through variables`);
  }
  return lines.join('\n');
}

function commentKeys(map: YAMLMap | undefined, comments: ReadonlyMap<string, string>): void {
  for (const pair of (map?.items ?? []) as Pair<Scalar, unknown>[]) {
    const text = comments.get(String(pair.key.value));
    if (text) pair.key.commentBefore = text.split('\n').map((l) => ` ${l}`).join('\n');
  }
}

/** Source files by their path relative to the main config's directory (`conf.d/api.conf`). */
function sourceName(config: GatewayConfig, file: string): string {
  const rel = relative(dirname(config.source.path), file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}
