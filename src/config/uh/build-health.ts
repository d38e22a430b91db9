/**
 * health.active / health.passive → the model's ActiveHealthCheck / PassiveHealthCheck, with the
 * cross-field rules the key tables cannot express.
 */
import type { ActiveCheckType, ActiveHealthCheck, BodyMatch, PassiveHealthCheck } from '../../model/health.js';
import type { Protocol } from '../../model/group.js';
import { expandStatusRanges } from '../../model/status-list.js';
import type { BuildContext, Path } from './context.js';
import type { DecodedActive, DecodedPassive } from './decoded.js';
import { splitRegex } from './string-checks.js';

/** Keys that only mean something for some check types; written elsewhere they are ignored, with a note. */
const KEYS_FOR: Readonly<Record<string, readonly ActiveCheckType[]>> = {
  path: ['http', 'mcp'], method: ['http'], host: ['http'], expect_status: ['http'], expect_body: ['http'], grpc_service: ['grpc'],
};

/** The check type follows the protocol when not written: a gRPC group is checked with grpc.health.v1. */
function defaultCheckType(protocol: Protocol): ActiveCheckType {
  return protocol === 'grpc' ? 'grpc' : protocol === 'mcp' ? 'mcp' : 'http';
}

export function buildActive(ctx: BuildContext, raw: DecodedActive, protocol: Protocol, path: Path): ActiveHealthCheck {
  const type = raw.type ?? defaultCheckType(protocol);
  if (raw.interval <= 0) throw ctx.invalid([...path, 'interval'], 'must be longer than 0ms');
  if (raw.timeout <= 0) throw ctx.invalid([...path, 'timeout'], 'must be longer than 0ms');
  if (raw.unhealthy_interval !== undefined && raw.unhealthy_interval <= 0) throw ctx.invalid([...path, 'unhealthy_interval'], 'must be longer than 0ms');
  for (const [key, types] of Object.entries(KEYS_FOR)) {
    if (ctx.isWritten([...path, key]) && !types.includes(type)) ctx.warn([...path, key], `ignored by ${type} checks (used by ${types.join(', ')})`);
  }
  const usesHttp = type === 'http' || type === 'mcp';
  return {
    type,
    ...(usesHttp ? { path: raw.path } : {}),
    ...(type === 'http' ? { method: raw.method } : {}),
    ...(raw.host !== undefined ? { host: raw.host } : {}),
    ...(raw.port !== undefined ? { port: raw.port } : {}),
    ...(type === 'grpc' ? { grpcService: raw.grpc_service } : {}),
    intervalMs: raw.interval,
    timeoutMs: raw.timeout,
    expectStatus: type === 'http' ? raw.expect_status : [],
    ...(raw.expect_body !== undefined && type === 'http' ? { expectBody: bodyMatch(raw.expect_body) } : {}),
    rise: raw.rise,
    fall: raw.fall,
    jitter: raw.jitter,
    ...(raw.unhealthy_interval !== undefined ? { unhealthyIntervalMs: raw.unhealthy_interval } : {}),
    origin: 'uh',
    declared: ctx.declared(path),
    loc: ctx.locOf(path),
  };
}

/** `/regex/flags` is a regular expression; anything else a substring. */
export function bodyMatch(text: string): BodyMatch {
  const regex = splitRegex(text);
  if (!regex) return { kind: 'substring', value: text };
  return { kind: 'regex', value: regex.source, ...(regex.flags ? { flags: regex.flags } : {}) };
}

export function buildPassive(ctx: BuildContext, raw: DecodedPassive, path: Path): PassiveHealthCheck {
  if (raw.failure_window <= 0) throw ctx.invalid([...path, 'failure_window'], 'must be longer than 0ms');
  if (raw.eject_for <= 0) throw ctx.invalid([...path, 'eject_for'], 'must be longer than 0ms');
  return {
    maxFailures: raw.max_failures,
    failureWindowMs: raw.failure_window,
    unhealthyStatuses: expandStatusRanges(raw.unhealthy_statuses),
    ejectForMs: raw.eject_for,
    maxEjectedPercent: raw.max_ejected_percent,
    declared: ctx.declared(path),
    loc: ctx.locOf(path),
  };
}
