import type { ServerResponse } from 'node:http';
import type { CauseId } from '../causes/catalog.js';
import type { TargetState } from './target-state.js';

/** One target as the 503 lists it (contract §4), plus the catalog cause id when one is known. */
export interface UnavailableTarget {
  readonly address: string;
  readonly state: 'unhealthy' | 'ejected' | 'open-circuit' | 'draining';
  readonly reason: string;
  readonly since: string;
  readonly cause?: CauseId;
}

export interface NoHealthyUpstreamBody {
  readonly error: 'no_healthy_upstream';
  readonly group: string;
  readonly requestId: string;
  readonly targets?: readonly UnavailableTarget[];
}

/** Why one target is out: its main flag, or "full" when healthy but at max_requests. */
export function describeTarget(t: TargetState, startedAt: number): UnavailableTarget {
  const flag = t.mainFlag();
  const state = t.state();
  if (!flag || state === 'healthy') {
    return { address: t.address, state: 'unhealthy', reason: `full: ${t.active} requests in flight (max_requests ${t.halfOpen() ? '1 while half-open' : t.maxRequests})`, since: new Date(startedAt).toISOString() };
  }
  return { address: t.address, state, reason: flag.reason, since: new Date(flag.since).toISOString(), ...(flag.cause ? { cause: flag.cause } : {}) };
}

/**
 * Contract §4, exactly: `error`, `group`, `requestId`, and — for loopback clients or
 * `explain: full` — every target with state, reason and since. Addresses are internal topology,
 * so other clients get the summary only.
 */
export function noHealthyUpstreamBody(group: string, requestId: string, targets: readonly TargetState[], full: boolean, now: number): NoHealthyUpstreamBody {
  const body: NoHealthyUpstreamBody = { error: 'no_healthy_upstream', group, requestId };
  return full ? { ...body, targets: targets.map((t) => describeTarget(t, now)) } : body;
}

/**
 * `retry-after` (RFC 9110 §10.2.3) in whole seconds: the soonest moment a target could come back
 * — its next active check, its ejection end, or its breaker half-opening. At least 1.
 */
export function retryAfterSeconds(targets: readonly TargetState[], now: number): number {
  let soonest = Infinity;
  for (const t of targets) {
    for (const signal of ['failedActive', 'ejected', 'openCircuit'] as const) {
      const until = t.flag(signal)?.until;
      if (until !== undefined) soonest = Math.min(soonest, until);
    }
    if (t.flag('failedActive') && t.nextCheckAt !== undefined) soonest = Math.min(soonest, t.nextCheckAt);
  }
  if (!Number.isFinite(soonest)) return 1;
  return Math.max(1, Math.ceil((soonest - now) / 1000));
}

/** Send the 503. */
export function sendNoHealthyUpstream(res: ServerResponse, body: NoHealthyUpstreamBody, retryAfter: number): void {
  const text = JSON.stringify(body);
  res.writeHead(503, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'retry-after': String(retryAfter),
    'x-request-id': body.requestId,
  });
  res.end(text);
}
