/**
 * NGINX Plus active health checks: `health_check [interval=T] [jitter=T] [fails=N] [passes=N]
 * [uri=U] [port=N] [match=name] [mandatory [persistent]] [type=grpc [grpc_service=S]
 * [grpc_status=N]]` in the location/server that proxies to the group, and the `match name { ... }`
 * block it names (`status`, `header`, `body ~`/`!~`; stream: `send`, `expect`). Defaults are
 * nginx Plus's (ngx_http_upstream_hc_module docs): interval 5s, fails 1, passes 1, uri `/`; the
 * check waits as long as the proxied request would (proxy_connect/read_timeout, 60s), and a stream
 * check for `health_check_timeout` (5s).
 */
import { ConfigError } from '../../errors.js';
import type { ActiveHealthCheck, BodyMatch, StatusRange } from '../../model/index.js';
import { parseDuration } from '../../model/index.js';
import { HEALTH_CHECK_FLAGS, HEALTH_CHECK_VALUE_PARAMS, didYouMean } from './known-params.js';
import type { Directive } from './parse.js';
import type { NginxContext } from './walk.js';

const DEFAULT_INTERVAL_MS = 5000;
const DEFAULT_STREAM_TIMEOUT_MS = 5000;

export interface HealthCheckInput {
  readonly directive: Directive;
  readonly context: NginxContext;
  /** The `match` block named by `match=`, when it exists. */
  readonly match?: Directive;
  /** How long the proxied request may wait for the response in that scope (ms). */
  readonly requestTimeoutMs: number;
  /** Stream `health_check_timeout`, when written in scope. */
  readonly streamTimeout?: string;
  readonly where: string;
  /** The Host header the check sends. */
  readonly host: string;
}

/** One `health_check` directive → the model's ActiveHealthCheck (effective values + `declared`). */
export function readHealthCheck(input: HealthCheckInput): ActiveHealthCheck {
  const { directive: d } = input;
  const params: Record<string, string> = {};
  const flags: string[] = [];
  for (const arg of d.args) {
    const eq = arg.indexOf('=');
    const known = eq < 0 ? HEALTH_CHECK_FLAGS.includes(arg) : HEALTH_CHECK_VALUE_PARAMS.includes(arg.slice(0, eq));
    if (!known) {
      const hint = didYouMean(arg, HEALTH_CHECK_VALUE_PARAMS, HEALTH_CHECK_FLAGS);
      throw new ConfigError('UH_CONFIG_INVALID', `invalid parameter "${arg}" in "health_check" directive${hint}`, d.loc);
    }
    if (eq < 0) flags.push(arg);
    else params[arg.slice(0, eq)] = arg.slice(eq + 1);
  }
  const matchArgs = matchDirectives(input.match);
  const intervalMs = durationOr(params['interval'], DEFAULT_INTERVAL_MS);
  const type = params['type'] === 'grpc' ? 'grpc' : input.context === 'stream' ? 'tcp' : 'http';
  const expectBody = bodyMatch(matchArgs['body']);
  const timeoutMs =
    input.context === 'stream' ? durationOr(input.streamTimeout, DEFAULT_STREAM_TIMEOUT_MS) : input.requestTimeoutMs;
  const port = params['port'] !== undefined ? Number(params['port']) : undefined;
  return {
    type,
    ...(type === 'http' ? { path: params['uri'] ?? '/', method: 'GET', host: input.host } : {}),
    ...(port !== undefined && Number.isInteger(port) ? { port } : {}),
    ...(type === 'grpc' ? { grpcService: params['grpc_service'] ?? '' } : {}),
    intervalMs,
    timeoutMs,
    expectStatus: statusRanges(matchArgs['status']),
    ...(expectBody ? { expectBody } : {}),
    rise: intOr(params['passes'], 1),
    fall: intOr(params['fails'], 1),
    ...(params['jitter'] !== undefined ? { jitter: Math.min(1, durationOr(params['jitter'], 0) / intervalMs) } : {}),
    origin: 'nginx-plus health_check',
    declared: {
      params,
      flags,
      ...(input.match ? { match: matchArgs } : {}),
      declared_in: input.where,
    },
    loc: d.loc,
  };
}

/** `match` block → directive name → its arguments (the first occurrence of each). */
function matchDirectives(match: Directive | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const d of match?.block ?? []) {
    if (out[d.name] === undefined) out[d.name] = [...d.args];
  }
  return out;
}

/** `status 200;`, `status 200-399;`, `status 200 204;` → ranges; `status ! 500;` → the complement. */
function statusRanges(args: readonly string[] | undefined): StatusRange[] {
  if (!args || args.length === 0) return [];
  const negate = args[0] === '!';
  const ranges: StatusRange[] = [];
  for (const arg of negate ? args.slice(1) : args) {
    const m = /^(\d{3})(?:-(\d{3}))?$/.exec(arg);
    if (m) ranges.push({ from: Number(m[1]), to: Number(m[2] ?? m[1]) });
  }
  return negate ? complement(ranges) : ranges;
}

function complement(excluded: readonly StatusRange[]): StatusRange[] {
  const out: StatusRange[] = [];
  let from = 100;
  for (const r of [...excluded].sort((a, b) => a.from - b.from)) {
    if (r.from > from) out.push({ from, to: r.from - 1 });
    from = Math.max(from, r.to + 1);
  }
  if (from <= 599) out.push({ from, to: 599 });
  return out;
}

/** `body ~ "re"` → regex, `body !~ "re"` → must not match, `~*` → case-insensitive. */
function bodyMatch(args: readonly string[] | undefined): BodyMatch | undefined {
  if (!args || args.length < 2) return undefined;
  const [op, value] = args as [string, string];
  if (op === '~') return { kind: 'regex', value };
  if (op === '~*') return { kind: 'regex', value, flags: 'i' };
  if (op === '!~') return { kind: 'not-regex', value };
  if (op === '!~*') return { kind: 'not-regex', value, flags: 'i' };
  return undefined;
}

function durationOr(text: string | undefined, fallback: number): number {
  return text === undefined ? fallback : (parseDuration(text) ?? fallback);
}

function intOr(text: string | undefined, fallback: number): number {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : fallback;
}
