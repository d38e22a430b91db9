import { UsageError } from '../errors.js';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** `127.0.0.1:8080`, `[::1]:8080`, `:8080` (loopback) or `8080`; port 0 = any free port. */
export function parseListen(text: string, what: string): ListenAddress {
  const trimmed = text.trim();
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(trimmed) ?? (/^(\d+)$/.test(trimmed) ? [trimmed, undefined, '', trimmed] : null);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`${what} takes host:port (e.g. 127.0.0.1:8080), got "${text}"`);
  }
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}
