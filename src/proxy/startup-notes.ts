import type { GatewayConfig } from '../model/index.js';
import { formatLocation } from '../model/index.js';
import { isEmulated } from './balancer/index.js';

/** Protocols `serve` forwards as HTTP; the others are read but not proxied. */
const PROXIED = new Set(['http1', 'http1.0', 'h2', 'h2c', 'mcp', 'grpc']);

/**
 * What `serve` does not emulate in this config, one line each, logged at start: an nginx or
 * Envoy file is a production gateway's config, and the user must know where uh differs.
 */
export function notEmulated(config: GatewayConfig): string[] {
  const out: string[] = [];
  if (config.source.format === 'nginx') {
    out.push('nginx: only upstream blocks and location/proxy_pass routing are emulated (no rewrites, headers directives, caching, TLS termination, or server_name/listen matching beyond the route host)');
  }
  if (config.source.format === 'envoy') {
    out.push('envoy: only clusters and route_config → cluster routing are emulated (no filters, header mutations, weighted splits or listener TLS)');
  }
  for (const g of config.groups) {
    if (!PROXIED.has(g.protocol)) out.push(`group ${g.name}: protocol ${g.protocol} is not proxied (HTTP only)`);
    if (!isEmulated(g.balance)) out.push(`group ${g.name}: balance ${g.balance} is not emulated; p2c is used`);
    if (g.discovery === 'dynamic') out.push(`group ${g.name}: endpoints come from service discovery and are not in the file`);
  }
  for (const u of config.unresolved) out.push(`${formatLocation(u.loc)}: ${u.directive} ${u.text} names no static target: not routed`);
  for (const note of config.notes) out.push(note.loc ? `${formatLocation(note.loc)}: ${note.message}` : note.message);
  return out;
}
