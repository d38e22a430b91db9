/**
 * `--gateway-log FILE`: which gateway wrote it is read from its lines (nginx error log, Envoy
 * access log, HAProxy log), never from the file name; then that reader counts its recent lines.
 */
import { readTail } from './bounded-io.js';
import { looksLikeEnvoyAccessLog } from './envoy-access-log.js';
import { looksLikeHaproxyLog } from './haproxy-log.js';
import { looksLikeNginxErrorLog } from './nginx-error-log.js';
import { GATEWAY_VIEW_SOURCES } from './registry.js';
import type { GatewayReadContext, GatewaySourceKind, GatewayView } from './types.js';
import { skippedView } from './types.js';

const LOG_DETECTORS: readonly (readonly [GatewaySourceKind, (text: string) => boolean])[] = [
  ['nginx-error-log', looksLikeNginxErrorLog],
  ['haproxy-log', looksLikeHaproxyLog],
  ['envoy-access-log', looksLikeEnvoyAccessLog],
];

export async function readGatewayLog(file: string, ctx: GatewayReadContext): Promise<GatewayView> {
  const head = await readTail(file, { ...ctx, maxBytes: Math.min(ctx.maxBytes, 64 * 1024) });
  if (!head.ok) return skippedView('unknown', file, `cannot read the log: ${head.reason}`);
  const kind = LOG_DETECTORS.find(([, looks]) => looks(head.text))?.[0];
  if (!kind) return skippedView('unknown', file, `not a log uh reads (nginx error log, Envoy access log, HAProxy log)${head.text.trim() === '' ? ': the file is empty' : ''}`);
  return GATEWAY_VIEW_SOURCES[kind](file, ctx);
}
