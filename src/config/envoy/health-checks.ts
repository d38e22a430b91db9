/**
 * Envoy active health checks (`health_checks`, envoy.config.core.v3.HealthCheck) and passive
 * outlier detection (`outlier_detection`, envoy.config.cluster.v3.OutlierDetection), with
 * Envoy's own defaults applied to the effective values.
 */
import type { ActiveCheckType, ActiveHealthCheck, BodyMatch, PassiveHealthCheck, StatusRange } from '../../model/index.js';
import {
  asList,
  durationMs,
  field,
  has,
  info,
  int,
  invalid,
  optDurationMs,
  optStr,
  optUint32,
  plain,
  str,
  uint32,
  warn,
} from './fields.js';
import type { ParseContext } from './fields.js';
import type { YMap, YNode } from './yaml-source.js';

const CHECKERS: readonly (readonly [string, ActiveCheckType | undefined])[] = [
  ['http_health_check', 'http'],
  ['tcp_health_check', 'tcp'],
  ['grpc_health_check', 'grpc'],
  ['custom_health_check', undefined],
];

/**
 * `expected_statuses` are Int64Range values, and Envoy ranges are half-open: [start, end). So
 * `{start: 200, end: 201}` accepts only 200. Without the field Envoy accepts exactly 200.
 */
function readStatusRanges(node: YNode | undefined, ctx: ParseContext): StatusRange[] {
  if (!node) return [{ from: 200, to: 200 }];
  return asList(node, 'expected_statuses', ctx).map((range) => {
    const startNode = field(range, 'start');
    const endNode = field(range, 'end');
    if (!startNode || !endNode) throw invalid('expected_statuses range needs start and end', range.loc);
    const from = int(startNode, 'expected_statuses.start');
    const end = int(endNode, 'expected_statuses.end');
    if (end <= from) throw invalid(`expected_statuses range [${from}, ${end}) is empty (end is exclusive)`, range.loc);
    return { from, to: end - 1 };
  });
}

/** A health-check Payload: `text` is hex-encoded, `binary` is base64. */
function decodePayload(node: YNode): string {
  const text = field(node, 'text');
  if (text) {
    const hex = str(text, 'payload.text');
    if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw invalid(`payload.text ${JSON.stringify(hex)} is not hex`, text.loc);
    return Buffer.from(hex, 'hex').toString('utf8');
  }
  const binary = field(node, 'binary');
  if (binary) return Buffer.from(str(binary, 'payload.binary'), 'base64').toString('utf8');
  throw invalid('payload needs text (hex) or binary (base64)', node.loc);
}

/**
 * Envoy matches `receive` blocks in order within the body; one block is a plain substring match,
 * which is what uh can check. Several blocks are noted and not checked.
 */
function readReceive(node: YNode | undefined, ctx: ParseContext): BodyMatch | undefined {
  const blocks = asList(node, 'receive', ctx);
  if (blocks.length === 0) return undefined;
  if (blocks.length > 1) {
    info(ctx, 'health check lists several receive blocks: uh checks none of them', node!.loc);
    return undefined;
  }
  return { kind: 'substring', value: decodePayload(blocks[0]!) };
}

function readHeaders(node: YNode | undefined, ctx: ParseContext): Record<string, string> | undefined {
  const list = asList(node, 'request_headers_to_add', ctx);
  if (list.length === 0) return undefined;
  const headers: Record<string, string> = {};
  for (const option of list) {
    const header = field(option, 'header');
    const key = optStr(header, 'key', 'request_headers_to_add.header.key');
    if (key !== undefined) headers[key] = optStr(header, 'value', 'request_headers_to_add.header.value') ?? '';
  }
  return headers;
}

function required<T>(value: T | undefined, name: string, hc: YNode): T {
  if (value === undefined) throw invalid(`health check has no ${name} (Envoy requires it)`, hc.loc);
  return value;
}

/** What the file wrote, flattened: the checker's own fields next to the shared ones, snake_case. */
function declaredOf(hc: YMap, checkerKey: string): Record<string, unknown> {
  const declared: Record<string, unknown> = {};
  for (const entry of hc.entries) {
    if (entry.key === checkerKey) {
      const inner = plain(entry.value);
      if (inner && typeof inner === 'object') Object.assign(declared, inner);
    } else {
      declared[entry.key] = plain(entry.value);
    }
  }
  return declared;
}

function readOne(hc: YMap, ctx: ParseContext): ActiveHealthCheck | undefined {
  const found = CHECKERS.find(([key]) => has(hc, key) || field(hc, key) !== undefined);
  if (!found) throw invalid('health check names no checker (http_health_check, tcp_health_check, grpc_health_check)', hc.loc);
  const [checkerKey, type] = found;
  if (!type) {
    warn(ctx, 'custom_health_check is not emulated by uh: the group is treated as having no active check', hc.loc);
    return undefined;
  }
  const checker = field(hc, checkerKey);
  const intervalMs = required(optDurationMs(hc, 'interval', 'health_checks.interval'), 'interval', hc);
  const timeoutMs = required(optDurationMs(hc, 'timeout', 'health_checks.timeout'), 'timeout', hc);
  const rise = required(optUint32(hc, 'healthy_threshold', 'healthy_threshold'), 'healthy_threshold', hc);
  const fall = required(optUint32(hc, 'unhealthy_threshold', 'unhealthy_threshold'), 'unhealthy_threshold', hc);
  const jitterMs = optDurationMs(hc, 'interval_jitter', 'interval_jitter');
  const jitterPercent = optUint32(hc, 'interval_jitter_percent', 'interval_jitter_percent');
  const jitter = jitterPercent !== undefined ? jitterPercent / 100 : jitterMs !== undefined ? jitterMs / intervalMs : undefined;
  const unhealthyIntervalMs = optDurationMs(hc, 'unhealthy_interval', 'unhealthy_interval');
  const path = type === 'http' ? optStr(checker, 'path', 'http_health_check.path') : undefined;
  if (type === 'http' && path === undefined) throw invalid('http_health_check has no path (Envoy requires it)', checker!.loc);
  const host = type === 'http' ? optStr(checker, 'host', 'http_health_check.host') : undefined;
  const method = type === 'http' ? optStr(checker, 'method', 'http_health_check.method') : undefined;
  const headers = type === 'http' ? readHeaders(field(checker, 'request_headers_to_add'), ctx) : undefined;
  const expectBody = type === 'http' ? readReceive(field(checker, 'receive'), ctx) : undefined;
  const grpcService = type === 'grpc' ? (optStr(checker, 'service_name', 'grpc_health_check.service_name') ?? '') : undefined;
  return {
    type,
    ...(path !== undefined ? { path } : {}),
    ...(type === 'http' ? { method: (method ?? 'GET').toUpperCase() } : {}),
    ...(host !== undefined ? { host } : {}),
    ...(headers ? { headers } : {}),
    ...(grpcService !== undefined ? { grpcService } : {}),
    intervalMs,
    timeoutMs,
    expectStatus: type === 'http' ? readStatusRanges(field(checker, 'expected_statuses'), ctx) : [],
    ...(expectBody ? { expectBody } : {}),
    rise,
    fall,
    ...(jitter !== undefined ? { jitter: Math.min(1, jitter) } : {}),
    ...(unhealthyIntervalMs !== undefined ? { unhealthyIntervalMs } : {}),
    origin: `envoy ${checkerKey}`,
    declared: declaredOf(hc, checkerKey),
    loc: hc.loc,
  };
}

/** The cluster's active check: the first entry of `health_checks` (more are noted, not emulated). */
export function readHealthChecks(node: YNode | undefined, ctx: ParseContext): ActiveHealthCheck | undefined {
  const list = asList(node, 'health_checks', ctx);
  if (list.length === 0) return undefined;
  if (list.length > 1) info(ctx, `cluster has ${list.length} health checks: uh emulates the first`, list[1]!.loc);
  const first = list[0]!;
  if (first.kind !== 'map') throw invalid('health_checks entries must be mappings', first.loc);
  return readOne(first, ctx);
}

/** Every 5xx: what Envoy's consecutive_5xx counts. */
const FIVE_XX = Array.from({ length: 100 }, (_, i) => 500 + i);

/**
 * `outlier_detection` → passive checking. Present (even `{}`) enables it with Envoy's defaults:
 * consecutive_5xx 5, interval 10s, base_ejection_time 30s, max_ejection_percent 10.
 */
export function readOutlierDetection(node: YNode | undefined): PassiveHealthCheck | undefined {
  if (!node) return undefined;
  const max5xx = field(node, 'consecutive_5xx');
  const maxPercent = field(node, 'max_ejection_percent');
  return {
    maxFailures: max5xx ? uint32(max5xx, 'outlier_detection.consecutive_5xx') : 5,
    failureWindowMs: optDurationMs(node, 'interval', 'outlier_detection.interval') ?? 10_000,
    unhealthyStatuses: FIVE_XX,
    ejectForMs: field(node, 'base_ejection_time')
      ? durationMs(field(node, 'base_ejection_time')!, 'outlier_detection.base_ejection_time')
      : 30_000,
    maxEjectedPercent: maxPercent ? uint32(maxPercent, 'outlier_detection.max_ejection_percent') : 10,
    declared: (plain(node) as Record<string, unknown> | null) ?? {},
    loc: node.loc,
  };
}
