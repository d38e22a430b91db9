/** A decoded uh document → the GatewayConfig every command reads (the cross-field stage). */
import type { GatewayConfig } from '../../model/gateway.js';
import type { ResolverAddress } from '../../model/resolver.js';
import { parseResolverAddress } from '../../model/resolver.js';
import type { Route } from '../../model/route.js';
import { buildGroup } from './build-group.js';
import type { BuildContext } from './context.js';
import type { DecodedRoot, DecodedRoute } from './decoded.js';

export function buildModel(ctx: BuildContext, raw: DecodedRoot): GatewayConfig {
  if (raw.listen !== undefined && raw.listen === raw.admin) throw ctx.invalid(['admin'], `listen and admin are both ${raw.listen}; give admin its own port`);
  const resolvers = (raw.resolvers ?? []).map((text, i) => resolverAt(ctx, text, i));
  const groups = Object.entries(raw.upstreams).map(([name, group]) => buildGroup(ctx, name, group, resolvers));
  const routes = raw.routes.map((route, i) => buildRoute(ctx, route, i, raw.listen));
  return {
    source: { path: ctx.file, format: 'uh', files: [ctx.file] },
    groups,
    routes,
    unresolved: [],
    resolvers,
    ignore: [...new Set(raw.ignore)],
    serve: {
      ...(raw.listen !== undefined ? { listen: raw.listen } : {}),
      ...(raw.admin !== undefined ? { admin: raw.admin } : {}),
      accessLog: raw.access_log,
      ...(raw.trusted_proxies !== undefined ? { trustedProxies: raw.trusted_proxies } : {}),
    },
    notes: ctx.notes,
  };
}

function resolverAt(ctx: BuildContext, text: string, i: number): ResolverAddress {
  const resolver = parseResolverAddress(text, ctx.locOf(['resolvers', i]));
  if (!resolver) throw ctx.invalid(['resolvers', i], `"${text}" is not an IP address with an optional port`);
  return resolver;
}

/** A route to a group no one defined is kept: diagnose reports config-upstream-undefined. */
function buildRoute(ctx: BuildContext, raw: DecodedRoute, i: number, listen: string | undefined): Route {
  const match = raw.match ?? {};
  if (match.path !== undefined && match.path_prefix !== undefined) {
    throw ctx.invalid(['routes', i, 'match'], 'write path (exact) or path_prefix, not both');
  }
  return {
    match: {
      ...(match.path_prefix !== undefined ? { pathPrefix: match.path_prefix } : {}),
      ...(match.path !== undefined ? { path: match.path } : {}),
      ...(match.host !== undefined ? { host: match.host } : {}),
      ...(match.method !== undefined ? { method: match.method.toUpperCase() } : {}),
    },
    upstream: raw.upstream,
    via: 'route',
    ...(listen !== undefined ? { listener: listen } : {}),
    loc: ctx.locOf(['routes', i]),
  };
}
