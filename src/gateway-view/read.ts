/**
 * The one call diagnosis makes: read every `--admin` endpoint and `--gateway-log` file (and send
 * the `--through` requests) under one time budget, each source in parallel. A source that cannot be
 * read comes back as a skip with the reason; nothing here throws for the gateway's faults.
 */
import type { GatewayConfig } from '../model/index.js';
import { detectAdminKind } from './detect-kind.js';
import { readGatewayLog } from './read-log.js';
import { GATEWAY_VIEW_SOURCES } from './registry.js';
import { sendThrough } from './through.js';
import type { AdminKind, GatewayReadContext, GatewayView, GatewayViews } from './types.js';
import { skippedView } from './types.js';

export interface GatewayViewRequest {
  readonly admin: readonly string[];
  readonly adminKind?: AdminKind;
  readonly logs: readonly string[];
  /** Log lines older than this are left out (`--since`, default 15 min). */
  readonly sinceMs: number;
  readonly through?: string;
}

/** 8 MiB per admin answer or log tail: enough for thousands of hosts, bounded against a runaway peer. */
export const MAX_VIEW_BYTES = 8 * 1024 * 1024;

export function wantsGatewayView(request: GatewayViewRequest | undefined): request is GatewayViewRequest {
  return request !== undefined && (request.admin.length > 0 || request.logs.length > 0 || request.through !== undefined);
}

export async function readGatewayViews(
  request: GatewayViewRequest, config: GatewayConfig, bounds: { signal: AbortSignal; timeoutMs: number; now: () => number },
): Promise<GatewayViews> {
  const ctx: GatewayReadContext = { ...bounds, maxBytes: MAX_VIEW_BYTES, sinceMs: bounds.now() - request.sinceMs };
  const [admins, [through, logs]] = await Promise.all([
    Promise.all(request.admin.map((endpoint) => readAdmin(endpoint, ctx, request.adminKind))),
    // The requests go first, so the log read afterwards holds what the gateway wrote about them.
    (async () => {
      const answers = request.through ? await sendThrough(request.through, config, ctx) : [];
      return [answers, await Promise.all(request.logs.map((file) => readGatewayLog(file, ctx)))] as const;
    })(),
  ]);
  return { views: [...admins, ...logs], through };
}

async function readAdmin(endpoint: string, ctx: GatewayReadContext, named: AdminKind | undefined): Promise<GatewayView> {
  const kind = await detectAdminKind(endpoint, ctx, named);
  if (typeof kind !== 'string') return skippedView('unknown', endpoint, kind.reason);
  return GATEWAY_VIEW_SOURCES[kind](endpoint, ctx);
}
