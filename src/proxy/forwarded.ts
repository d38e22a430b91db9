import { BlockList, isIP } from 'node:net';
import { parseCidr } from '../model/cidr.js';
import { isLoopback } from './client-address.js';

/** The forwarding fields of a request head (read in the same pass as the rest: forward.ts headFacts). */
export interface ForwardedFields {
  /** `X-Forwarded-For` values joined with commas, when present. */
  xForwardedFor: string | undefined;
  /** RFC 7239 `Forwarded` values joined with commas, when present. */
  forwarded: string | undefined;
  /** `X-Real-IP` (nginx's habit), when present. */
  xRealIp: string | undefined;
}

/** Hops read from one forwarding field at most: a head is bounded already, this bounds the walk. */
const MAX_HOPS = 64;

/**
 * `trusted_proxies`: whose word about the client address uh takes. A request from a loopback peer
 * used to get the full 503 (addresses, reasons) even when that peer was another proxy forwarding
 * for someone on the internet; a forwarding field now means "someone else", unless the peer is
 * trusted, and then the believed client address decides (nginx `set_real_ip_from` with
 * `real_ip_recursive on`: the rightmost address that is not itself a trusted proxy).
 */
export class TrustedProxies {
  readonly #blocks: BlockList | undefined;

  constructor(cidrs: readonly string[] = []) {
    if (cidrs.length === 0) return;
    const blocks = new BlockList();
    for (const text of cidrs) {
      const cidr = parseCidr(text);
      // The config loader checked every entry; a model built by hand with a bad one trusts nothing more.
      if (typeof cidr !== 'string') blocks.addSubnet(cidr.address, cidr.prefix, cidr.family);
    }
    this.#blocks = blocks;
  }

  has(ip: string): boolean {
    const version = isIP(ip);
    if (!this.#blocks || version === 0) return false;
    return this.#blocks.check(ip, version === 4 ? 'ipv4' : 'ipv6');
  }

  /**
   * May this request see the topology (CONTRACT §4: loopback clients get the full 503)? Without
   * forwarding fields: when the peer is loopback. With them: only when the peer is a trusted proxy
   * and every field present names a loopback client (a client can add a field the proxy does not
   * rewrite, so no field alone is enough).
   */
  topologyVisible(peer: string, head: ForwardedFields): boolean {
    if (head.xForwardedFor === undefined && head.forwarded === undefined && head.xRealIp === undefined) return isLoopback(peer);
    if (!this.has(peer)) return false;
    for (const hops of [xffHops(head.xForwardedFor), forwardedHops(head.forwarded), xffHops(head.xRealIp)]) {
      if (hops === undefined) continue;
      const client = this.#clientOf(hops);
      if (client === undefined || !isLoopback(client)) return false;
    }
    return true;
  }

  /** The rightmost hop that is not a trusted proxy (the leftmost when all are); undefined if unreadable. */
  #clientOf(hops: readonly string[]): string | undefined {
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!;
      if (isIP(hop) === 0) return undefined;
      if (!this.has(hop) || i === 0) return hop;
    }
    return undefined;
  }
}

function xffHops(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',', MAX_HOPS).map((hop) => unbracket(hop.trim()));
}

/** RFC 7239 §4 `for=` of each element: `for=192.0.2.60`, `for="[2001:db8::17]:4711"`, `for=unknown`. */
function forwardedHops(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const hops: string[] = [];
  for (const element of value.split(',', MAX_HOPS)) {
    const pair = element.split(';').map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('for='));
    hops.push(pair === undefined ? '' : unbracket(pair.slice(4).replace(/^"|"$/g, '')));
  }
  return hops;
}

/** `[v6]:port` / `[v6]` → v6, `v4:port` → v4; anything else as is (then not an IP: unreadable). */
function unbracket(hop: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (v6) return v6[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return v4 ? v4[1]! : hop;
}
