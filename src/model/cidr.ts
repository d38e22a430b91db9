import { isIP } from 'node:net';

/** An address block as `trusted_proxies` writes it: `10.0.0.0/8`, `::1/128`, or one address. */
export interface Cidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/** Parse `ADDRESS[/PREFIX]` (a bare address is the block of that one address); a sentence on error. */
export function parseCidr(text: string): Cidr | string {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return `"${address}" is not an IP address (write 10.0.0.0/8, 127.0.0.1 or ::1/128)`;
  const max = version === 4 ? 32 : 128;
  if (slash < 0) return { address, prefix: max, family: version === 4 ? 'ipv4' : 'ipv6' };
  const bits = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return `the prefix length after / must be 0-${max}`;
  return { address, prefix: Number(bits), family: version === 4 ? 'ipv4' : 'ipv6' };
}
