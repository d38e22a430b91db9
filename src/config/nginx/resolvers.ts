/**
 * `resolver address ... [valid=time] [ipv6=on|off] [status_zone=zone];` (ngx_http_core_module,
 * ngx_stream_core_module, upstream-level in nginx 1.27.3+). Addresses are IPs or names with an
 * optional port (default 53); parameters with `=` are not addresses.
 */
import type { ResolverAddress } from '../../model/index.js';
import { parseResolverAddress } from '../../model/index.js';
import type { Directive } from './parse.js';

export function parseResolvers(d: Directive): ResolverAddress[] {
  const out: ResolverAddress[] = [];
  // `ipv6=off` makes nginx ask for A records only; uh must not probe AAAA addresses nginx never uses.
  const ipv4Only = d.args.some((arg) => arg.toLowerCase() === 'ipv6=off');
  for (const arg of d.args) {
    if (arg.includes('=')) continue;
    const address = parseResolverAddress(arg, d.loc);
    if (address) out.push(ipv4Only ? { ...address, ipv6: false } : address);
  }
  return out;
}
