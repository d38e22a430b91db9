/**
 * A server address as HAProxy reads it (`str2sa_range`): `host:port`, `[v6]:port`, a bare IPv6
 * whose last colon separates the port, an optional family prefix (`ipv4@`, `ipv6@`, `unix@`,
 * `abns@`), an absolute path (a unix socket), no port at all (HAProxy then keeps the client's
 * destination port), and environment placeholders kept verbatim.
 */
import type { Target } from '../../model/index.js';
import { hasPlaceholder } from './lexer.js';

export interface ServerAddress {
  readonly host: string;
  readonly port?: number;
  /** A port that is not a plain number (`${PORT}`, `+1`, a range). */
  readonly portText?: string;
  readonly socket: 'inet' | 'unix';
}

/** Undefined when the text cannot be an address (an empty host, a port beyond 65535). */
export function parseServerAddress(text: string): ServerAddress | undefined {
  let rest = text;
  const prefix = /^(ipv4|ipv6|unix|abns|abnsz|udp|udp4|udp6|tcp|tcp4|tcp6|quic4|quic6)@/.exec(rest);
  if (prefix) rest = rest.slice(prefix[0].length);
  if (prefix && (prefix[1] === 'unix' || prefix[1]!.startsWith('abns'))) return { host: rest, socket: 'unix' };
  if (rest.startsWith('/')) return { host: rest, socket: 'unix' };
  if (rest === '') return undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracketed) return withPort(bracketed[1]!, bracketed[2]);
  if (hasPlaceholder(rest) && !/:[^}]*$/.test(rest.replace(/\$\{[^}]*\}/g, 'X'))) return { host: rest, socket: 'inet' };
  const colon = rest.lastIndexOf(':');
  if (colon < 0) return { host: rest, socket: 'inet' };
  return withPort(rest.slice(0, colon), rest.slice(colon + 1));
}

function withPort(host: string, port: string | undefined): ServerAddress | undefined {
  if (host === '') return undefined;
  if (port === undefined || port === '') return { host, socket: 'inet' };
  if (/^\d+$/.test(port)) {
    const n = Number(port);
    if (n > 65535) return undefined;
    return n === 0 ? { host, socket: 'inet' } : { host, port: n, socket: 'inet' };
  }
  return { host, portText: port, socket: 'inet' };
}

/** `host:port` as the contract names targets: IPv6 in brackets, unix sockets as `unix:/path`. */
export function formatAddress(a: ServerAddress): string {
  if (a.socket === 'unix') return `unix:${a.host}`;
  const host = a.host.includes(':') && !a.host.startsWith('[') ? `[${a.host}]` : a.host;
  const port = a.port ?? a.portText;
  return port === undefined ? host : `${host}:${port}`;
}

/** The model's fields for an address (shared by `server`, `server-template` and `dispatch`). */
export function addressFields(a: ServerAddress): Pick<Target, 'address' | 'host' | 'port' | 'portText' | 'socket'> {
  return {
    address: formatAddress(a),
    host: a.host,
    ...(a.port !== undefined ? { port: a.port } : {}),
    ...(a.portText !== undefined ? { portText: a.portText } : {}),
    socket: a.socket,
  };
}

