import type { SourceLocation } from './location.js';

export interface RouteMatch {
  readonly pathPrefix?: string;
  /** Exact path (nginx `location = /x`). */
  readonly path?: string;
  /** Regular expression on the path (nginx `location ~`), as written. */
  readonly pathRegex?: string;
  readonly host?: string;
  readonly method?: string;
}

/**
 * A reference from the front of the gateway to an upstream group: an nginx location's
 * `proxy_pass`, an Envoy route's `cluster`, a uh route. `upstream` may name no defined group:
 * that is kept (diagnose reports `config-upstream-undefined`), never thrown.
 */
export interface Route {
  readonly match: RouteMatch;
  readonly upstream: string;
  /** Share of traffic (Envoy weighted_clusters), when split. */
  readonly weight?: number;
  /** The directive/field that made the reference (`proxy_pass`, `grpc_pass`, `route.cluster`, `tcp_proxy`...). */
  readonly via: string;
  /** The condition as written (HAProxy `if is_api`), when the reference has one. */
  readonly condition?: string;
  /** Why uh cannot evaluate the condition (HAProxy `unless`, `-f` files, other fetches): serve never takes this route. */
  readonly unevaluated?: string;
  /** The listener/server it belongs to, for display (e.g. `listener_0`, `server :80`). */
  readonly listener?: string;
  readonly loc: SourceLocation;
}

/**
 * A `*_pass` target that holds variables, so it names no group statically. When `set`/`map`
 * give it a literal value the parser resolves it (`resolvedVia`); else it stays unresolved.
 */
export interface UnresolvedTarget {
  readonly directive: string;
  readonly text: string;
  readonly resolvedVia?: 'set' | 'map';
  readonly resolvedValue?: string;
  readonly loc: SourceLocation;
}
