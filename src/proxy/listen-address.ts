import { UsageError } from '../errors.js';
import type { GatewayConfig } from '../model/index.js';
import { formatLocation } from '../model/index.js';

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

/** Where `serve` listens when neither `--listen` nor the config says. */
export const DEFAULT_LISTEN = '127.0.0.1:8080';

export interface ListenPlan {
  readonly addresses: readonly ListenAddress[];
  /** Listeners of the config that are not served, and why (logged as not emulated). */
  readonly notes: readonly string[];
}

/**
 * Where to listen: `--listen` alone when given; else the config's own listeners (nginx `listen` of
 * the servers that proxy, Envoy listener addresses), each once, skipping those that terminate TLS
 * (uh serves plain HTTP); else uh YAML `listen`; else DEFAULT_LISTEN.
 */
export function listenPlan(config: GatewayConfig, override: string | undefined): ListenPlan {
  if (override !== undefined) return { addresses: [parseListen(override, 'listen')], notes: [] };
  const listeners = config.serve.listeners ?? [];
  const notes: string[] = [];
  const addresses: ListenAddress[] = [];
  const seen = new Set<string>();
  for (const l of listeners) {
    if (l.tls) {
      notes.push(`${formatLocation(l.loc)}: listener ${l.address} terminates TLS, which serve does not: not served`);
      continue;
    }
    if (seen.has(l.address)) continue;
    seen.add(l.address);
    addresses.push(parseListen(l.address, `${formatLocation(l.loc)}: listen`));
  }
  if (addresses.length > 0) return { addresses, notes };
  if (listeners.length > 0) notes.push(`no plain-HTTP listener in the config: serving on ${config.serve.listen ?? DEFAULT_LISTEN} (use --listen)`);
  return { addresses: [parseListen(config.serve.listen ?? DEFAULT_LISTEN, 'listen')], notes };
}
