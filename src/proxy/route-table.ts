import type { IncomingMessage } from 'node:http';
import type { GatewayConfig, Route } from '../model/index.js';

export interface CompiledRoute {
  readonly route: Route;
  /** Shown in logs: `GET api.example.com/users`. */
  readonly label: string;
  readonly host: string | undefined;
  readonly method: string | undefined;
  readonly prefix: string | undefined;
  readonly exact: string | undefined;
  readonly regex: RegExp | undefined;
}

/**
 * Routes in match order. uh YAML and Envoy: first match wins, as written. nginx: exact
 * `location =` first, then the longest prefix (nginx's own rule), then regexes in order.
 * With no routes and a single group, everything goes to that group (a bare `upstreams:` file).
 */
export class RouteTable {
  readonly routes: readonly CompiledRoute[];

  constructor(config: GatewayConfig) {
    // A condition uh cannot evaluate (HAProxy `unless`, ACL files…) is never taken: listed at start as not emulated.
    let routes = config.routes.filter((r) => r.unevaluated === undefined && config.groups.some((g) => g.name === r.upstream));
    if (routes.length === 0 && config.groups.length === 1) {
      const only = config.groups[0]!;
      routes = [{ match: { pathPrefix: '/' }, upstream: only.name, via: 'default', loc: only.loc }];
    }
    const compiled = routes.map(compile);
    this.routes = config.source.format === 'nginx' ? nginxOrder(compiled) : compiled;
  }

  match(req: IncomingMessage): CompiledRoute | undefined {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    let host: string | undefined;
    for (const r of this.routes) {
      if (r.method !== undefined && r.method !== req.method) continue;
      if (r.host !== undefined) {
        host ??= hostOnly(req.headers.host);
        if (!hostMatches(r.host, host)) continue;
      }
      if (r.exact !== undefined && path !== r.exact) continue;
      if (r.prefix !== undefined && !path.startsWith(r.prefix)) continue;
      if (r.regex !== undefined && !r.regex.test(path)) continue;
      return r;
    }
    return undefined;
  }
}

function compile(route: Route): CompiledRoute {
  const m = route.match;
  let regex: RegExp | undefined;
  if (m.pathRegex !== undefined) {
    const caseless = m.pathRegex.startsWith('(?i)');
    try {
      regex = new RegExp(caseless ? m.pathRegex.slice(4) : m.pathRegex, caseless ? 'i' : '');
    } catch {
      regex = /$^/; // a regex JavaScript cannot compile never matches; startup logs it
    }
  }
  return {
    route,
    label: `${m.method ? `${m.method} ` : ''}${m.host ?? ''}${m.path ?? m.pathPrefix ?? m.pathRegex ?? '/'}`,
    host: m.host?.toLowerCase(),
    method: m.method?.toUpperCase(),
    prefix: m.pathPrefix,
    exact: m.path,
    regex,
  };
}

/** Exact, or `*.example.org` for any subdomain of example.org (HAProxy hdr_dom / hdr_end). */
function hostMatches(pattern: string, host: string | undefined): boolean {
  if (!pattern.startsWith('*.')) return pattern === host;
  return host !== undefined && host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
}

function nginxOrder(routes: CompiledRoute[]): CompiledRoute[] {
  const exact = routes.filter((r) => r.exact !== undefined);
  const prefix = routes.filter((r) => r.exact === undefined && r.regex === undefined).sort((a, b) => (b.prefix?.length ?? 0) - (a.prefix?.length ?? 0));
  const regex = routes.filter((r) => r.exact === undefined && r.regex !== undefined);
  return [...exact, ...prefix, ...regex];
}

function hostOnly(host: string | undefined): string {
  if (!host) return '';
  const h = host.toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}
