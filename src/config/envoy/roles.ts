/**
 * The role the listeners give a cluster decides what Envoy speaks to it. An HTTP route
 * (http_connection_manager, or tcp_proxy tunneling over HTTP CONNECT) makes it an HTTP upstream;
 * a cluster reached only by network filters (`tcp_proxy`, `redis_proxy`, `thrift_proxy`,
 * `dubbo_proxy`) carries their bytes, so it is a TCP upstream: DNS, TCP and TLS (if configured),
 * plus its own active check (a tcp check is the connect itself). nginx `stream {}` does the same.
 * A cluster no listener names keeps the HTTP default (xDS cluster files, config dumps).
 */
import type { Route, UpstreamGroup } from '../../model/index.js';

/** A reference that speaks HTTP to its cluster. */
function speaksHttp(route: Route): boolean {
  return route.via.startsWith('route.') || route.via.includes('HTTP tunneling');
}

/** Clusters referenced, and every reference a network filter's, become `tcp`. */
export function withListenerRoles(groups: readonly UpstreamGroup[], routes: readonly Route[]): UpstreamGroup[] {
  const byCluster = new Map<string, Route[]>();
  for (const route of routes) byCluster.set(route.upstream, [...(byCluster.get(route.upstream) ?? []), route]);
  return groups.map((group) => {
    const refs = byCluster.get(group.name) ?? [];
    return refs.length === 0 || refs.some(speaksHttp) ? group : { ...group, protocol: 'tcp' };
  });
}
