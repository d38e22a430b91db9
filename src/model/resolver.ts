import type { SourceLocation } from './location.js';

/** A DNS resolver the gateway queries (nginx `resolver`, Envoy dns_resolvers, uh `resolvers`). */
export interface ResolverAddress {
  /** IP literal as written (IPv6 without brackets). */
  readonly host: string;
  /** Default 53. */
  readonly port: number;
  readonly loc?: SourceLocation;
  /** nginx `resolver … ipv6=off`: the gateway asks this resolver for A records only. */
  readonly ipv6?: false;
}

/** Parse `1.2.3.4`, `1.2.3.4:5353`, `[::1]:53`, `::1` into a resolver address. Undefined when malformed. */
export function parseResolverAddress(text: string, loc?: SourceLocation): ResolverAddress | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return withPort(bracketed[1]!, bracketed[2], loc);
  const colonCount = (text.match(/:/g) ?? []).length;
  if (colonCount > 1) return { host: text, port: 53, ...(loc ? { loc } : {}) };
  const [host, port] = text.split(':');
  if (!host) return undefined;
  return withPort(host, port, loc);
}

function withPort(host: string, port: string | undefined, loc?: SourceLocation): ResolverAddress | undefined {
  const n = port === undefined ? 53 : Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65535) return undefined;
  return { host, port: n, ...(loc ? { loc } : {}) };
}
