/**
 * nginx `listen` (ngx_http_core_module) → where `uh serve` binds for that server. Only the address
 * and the `ssl`/`quic` flags matter to uh; the other parameters (default_server, reuseport,
 * backlog, …) change nothing it emulates. A server without `listen` is on `*:80` (nginx runs as
 * root) — uh binds what the file says; `--listen` overrides.
 */
import type { ConfigListener, SourceLocation } from '../../model/index.js';
import type { Directive } from './parse.js';

const DEFAULT_PORT = 80;

/** The bind address of one `listen`; undefined for a unix socket (not served). */
export function listenAddress(d: Directive): ConfigListener | undefined {
  const arg = d.args[0] ?? '';
  const tls = d.args.includes('ssl') || d.args.includes('quic');
  const address = bindAddress(arg);
  return address === undefined ? undefined : { address, tls, loc: d.loc };
}

function bindAddress(arg: string): string | undefined {
  if (arg.startsWith('unix:')) return undefined;
  if (/^\d+$/.test(arg)) return `0.0.0.0:${arg}`;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(arg);
  if (v6) return `[${v6[1]}]:${v6[2] ?? DEFAULT_PORT}`;
  const m = /^([^:]+)(?::(\d+))?$/.exec(arg);
  if (!m) return undefined;
  const host = m[1] === '*' ? '0.0.0.0' : m[1]!;
  return `${host}:${m[2] ?? DEFAULT_PORT}`;
}

/** The listener of a server that writes no `listen`. */
export function defaultListener(loc: SourceLocation): ConfigListener {
  return { address: `0.0.0.0:${DEFAULT_PORT}`, tls: false, loc };
}
