/**
 * One Route per `*_pass` reference. The match comes from the enclosing `location` (nginx
 * ngx_http_core_location): `= /x` exact, `~`/`~*` regex, `^~ /x` and bare `/x` prefix; named
 * `@x` locations are only reached by internal redirects and match no path. The host is the
 * server's first `server_name`.
 */
import type { Route, RouteMatch } from '../../model/index.js';
import type { PassReference } from './walk.js';

export function routeFor(ref: PassReference, upstream: string): Route {
  const { scope, directive } = ref;
  return {
    match: { ...locationMatch(scope.location?.args ?? []), ...(scope.serverNames[0] ? { host: scope.serverNames[0] } : {}) },
    upstream,
    via: directive.name,
    ...(scope.serverLabel ? { listener: scope.serverLabel } : {}),
    loc: directive.loc,
  };
}

function locationMatch(args: readonly string[]): RouteMatch {
  if (args.length === 0) return {};
  if (args.length === 1) return args[0]!.startsWith('@') ? {} : { pathPrefix: args[0]! };
  const [modifier, path] = args as [string, string];
  if (modifier === '=') return { path };
  if (modifier === '~' || modifier === '~*') return { pathRegex: modifier === '~*' ? `(?i)${path}` : path };
  return { pathPrefix: path };
}
