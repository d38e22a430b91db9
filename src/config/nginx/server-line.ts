/**
 * One `server` line of an `upstream` block (ngx_http_upstream_server / the stream equivalent):
 * `server address [weight=N] [max_fails=N] [fail_timeout=T] [backup] [down] [resolve] [drain]
 * [service=name] [slow_start=T] [max_conns=N] [route=id];` → Target.
 */
import { ConfigError } from '../../errors.js';
import type { Target } from '../../model/index.js';
import { parseDuration } from '../../model/index.js';
import { parseAddress } from './address.js';
import { SERVER_FLAGS, SERVER_VALUE_PARAMS, didYouMean } from './known-params.js';
import type { Directive } from './parse.js';

/** nginx defaults for per-server passive checking (ngx_http_upstream_server). */
export const DEFAULT_MAX_FAILS = 1;
export const DEFAULT_FAIL_TIMEOUT_MS = 10_000;

/** `defaultPort`: http upstream servers default to port 80; stream ones must write a port. */
export function serverTarget(d: Directive, defaultPort: number | undefined): Target {
  const [addressText, ...rest] = d.args;
  if (addressText === undefined) {
    throw new ConfigError('UH_CONFIG_PARSE', 'invalid number of arguments in "server" directive', d.loc);
  }
  const address = parseAddress(addressText);
  const flags: string[] = [];
  const params: Record<string, string> = {};
  let weight: number | undefined;
  for (const arg of rest) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (eq < 0 ? !SERVER_FLAGS.includes(arg) : !SERVER_VALUE_PARAMS.includes(name)) {
      throw invalid(arg, d, didYouMean(arg, SERVER_VALUE_PARAMS, SERVER_FLAGS));
    }
    if (eq < 0) {
      flags.push(arg);
      continue;
    }
    const value = arg.slice(eq + 1);
    if (name === 'weight') weight = positiveInt(value, d, arg);
    else params[name] = checked(name, value, d, arg);
  }
  const unix = address.socket === 'unix';
  return {
    address: unix ? `unix:${address.host}` : formatHostPort(address.host, address.port ?? address.portText),
    host: address.host,
    ...(address.port !== undefined ? { port: address.port } : {}),
    ...(address.portText !== undefined ? { portText: address.portText } : {}),
    ...(!unix && defaultPort !== undefined ? { defaultPort } : {}),
    socket: address.socket,
    ...(weight !== undefined ? { weight } : {}),
    backup: flags.includes('backup'),
    // `drain` (NGINX Plus) takes the server out of rotation for new requests, like `down`.
    down: flags.includes('down') || flags.includes('drain'),
    resolve: flags.includes('resolve'),
    flags,
    params,
    passive: {
      maxFails: params['max_fails'] !== undefined ? Number(params['max_fails']) || 0 : DEFAULT_MAX_FAILS,
      failTimeoutMs:
        params['fail_timeout'] !== undefined
          ? (parseDuration(params['fail_timeout']) ?? DEFAULT_FAIL_TIMEOUT_MS)
          : DEFAULT_FAIL_TIMEOUT_MS,
    },
    loc: d.loc,
  };
}

/** `host:port` with IPv6 bracketed, or the bare host when no port is written. */
export function formatHostPort(host: string, port: number | string | undefined): string {
  const h = host.includes(':') && !host.startsWith('${') ? `[${host}]` : host;
  return port === undefined ? h : `${h}:${port}`;
}

function positiveInt(text: string, d: Directive, arg: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1) throw invalid(arg, d, '');
  return n;
}

/** Numbers and times must be what nginx accepts; names (service, route) are free text. */
function checked(name: string, value: string, d: Directive, arg: string): string {
  const ok =
    name === 'max_fails' || name === 'max_conns'
      ? /^\d+$/.test(value)
      : name === 'fail_timeout' || name === 'slow_start'
        ? parseDuration(value) !== undefined
        : value !== '';
  if (!ok) throw invalid(arg, d, '');
  return value;
}

function invalid(arg: string, d: Directive, hint: string): ConfigError {
  return new ConfigError('UH_CONFIG_INVALID', `invalid parameter "${arg}" in "server" directive${hint}`, d.loc);
}
