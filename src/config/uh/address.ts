/**
 * Addresses as uh YAML writes them (CONTRACT.md §5): `host:port`, `[v6]:port` (RFC 3986 §3.2.2
 * brackets, so the port colon is unambiguous) and `unix:/path` (nginx's spelling).
 */
import { isIpLiteral } from '../../model/target.js';

export interface ParsedAddress {
  readonly host: string;
  readonly port?: number;
  readonly socket: 'inet' | 'unix';
}

/** RFC 1123 host names: labels of letters, digits and hyphens (underscore tolerated, as resolvers do). */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/** A target address, or a sentence saying what is wrong with it. */
export function parseTargetAddress(text: string): ParsedAddress | string {
  if (text.startsWith('unix:')) {
    const path = text.slice('unix:'.length);
    return path.startsWith('/') ? { host: path, socket: 'unix' } : 'a unix socket is written unix:/absolute/path';
  }
  return parseInetAddress(text);
}

/** `host:port` or `[v6]:port`; the port is required (uh has no scheme to imply one). */
export function parseInetAddress(text: string): ParsedAddress | string {
  const bracketed = /^\[([^\]]*)\]:(\d+)$/.exec(text);
  if (bracketed) {
    const host = bracketed[1]!;
    if (!host.includes(':') || !isIpLiteral(host)) return `"${host}" in brackets is not an IPv6 address`;
    return withPort(host, bracketed[2]!);
  }
  if (text.startsWith('[')) return 'an IPv6 address is written [v6]:port, e.g. [::1]:8080';
  const colons = (text.match(/:/g) ?? []).length;
  if (colons > 1) return 'write an IPv6 address in brackets with a port, e.g. [::1]:8080';
  if (colons === 0) return 'the port is missing (write host:port)';
  const [host, port] = text.split(':') as [string, string];
  if (host === '') return 'the host is missing (write host:port)';
  if (/^[\d.]+$/.test(host) && !isIpLiteral(host)) return `"${host}" is not an IPv4 address`;
  if (/^\d+(\.\d+){3}$/.test(host) && host.split('.').some((octet) => Number(octet) > 255)) return `"${host}" is not an IPv4 address`;
  if (!HOST_NAME.test(host)) return `"${host}" is not a valid host name`;
  return withPort(host, port);
}

function withPort(host: string, portText: string): ParsedAddress | string {
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) return `the port "${portText}" is not a number from 1 to 65535`;
  return { host, port, socket: 'inet' };
}

/** A resolver: an IP literal, optionally with a port (`127.0.0.1:53`, `[::1]:5353`, `::1`). */
export function checkResolverAddress(text: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const colons = (text.match(/:/g) ?? []).length;
  const [host, port] = bracketed ? [bracketed[1]!, bracketed[2]] : colons > 1 ? [text, undefined] : text.split(':');
  if (host === undefined || !isIpLiteral(host) || (/^[\d.]+$/.test(host) && host.split('.').some((o) => Number(o) > 255))) {
    return 'a resolver is an IP address with an optional port (uh does not resolve resolvers)';
  }
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    return `the port "${port}" is not a number from 1 to 65535`;
  }
  return undefined;
}
