/**
 * The resolvers Envoy uses for a cluster's names: `typed_dns_resolver_config` (c-ares
 * `resolvers`), `dns_resolution_config.resolvers`, or the deprecated `dns_resolvers` list. An
 * empty result means the system resolver (/etc/resolv.conf).
 */
import type { ResolverAddress } from '../../model/index.js';
import { asList, field, int, str } from './fields.js';
import type { ParseContext } from './fields.js';
import type { YNode } from './yaml-source.js';

function readResolver(node: YNode, what: string): ResolverAddress | undefined {
  const sock = field(node, 'socket_address');
  const address = field(sock, 'address');
  if (!address) return undefined;
  const portNode = field(sock, 'port_value');
  return {
    host: str(address, `${what}.socket_address.address`),
    port: portNode ? int(portNode, `${what}.socket_address.port_value`) : 53,
    loc: address.loc,
  };
}

export function readDnsResolvers(cluster: YNode, ctx: ParseContext): ResolverAddress[] {
  const lists: [YNode | undefined, string][] = [
    [field(field(field(cluster, 'typed_dns_resolver_config'), 'typed_config'), 'resolvers'), 'typed_dns_resolver_config.resolvers'],
    [field(field(cluster, 'dns_resolution_config'), 'resolvers'), 'dns_resolution_config.resolvers'],
    [field(cluster, 'dns_resolvers'), 'dns_resolvers'],
  ];
  for (const [node, what] of lists) {
    const resolvers = asList(node, what, ctx)
      .map((r) => readResolver(r, what))
      .filter((r): r is ResolverAddress => r !== undefined);
    if (resolvers.length > 0) return resolvers;
  }
  return [];
}
