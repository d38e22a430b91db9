/**
 * How long uh keeps listening to an upstream that accepted the check and said nothing. The
 * gateway gives up at its check timeout; uh listens on for a bounded while to tell a hung upstream
 * (nothing ever comes) from a check that is merely too impatient (the answer comes, late).
 */
import type { ProbeContext } from './types.js';

import { DEFAULT_PATIENCE } from '../defaults.js';

/** How many check timeouts to listen for a late answer (`--patience`); the reasoning is in src/defaults.ts. */
export { DEFAULT_PATIENCE };

/** Never listen longer than this, whatever the factor (a 30 s check timeout would mean minutes). */
export const MAX_PATIENT_WAIT_MS = 10_000;

/** How long to wait for an answer to a check whose own timeout is `timeoutMs`. */
export function patientWaitMs(timeoutMs: number, patience: number = DEFAULT_PATIENCE): number {
  return Math.max(timeoutMs, Math.min(patience * timeoutMs, MAX_PATIENT_WAIT_MS));
}

/**
 * Long enough to connect and send the request on a healthy path; past it the probe is only
 * listening for the answer, which needs no --concurrency slot.
 */
export const ACTIVE_WINDOW_MS = 50;

/**
 * Once the request is on its way the probe only listens on an open socket (slow? hung?): hand
 * that wait to `ctx.idle` so the orchestrator can probe other targets meanwhile.
 */
export async function patiently<T>(work: Promise<T>, ctx: ProbeContext, activeMs: number = ACTIVE_WINDOW_MS): Promise<T> {
  if (!ctx.idle) return work;
  let timer: NodeJS.Timeout | undefined;
  const activeWindow = new Promise<undefined>((resolve) => { timer = setTimeout(resolve, activeMs, undefined); });
  const early = await Promise.race([work.then((value) => ({ value })), activeWindow]);
  clearTimeout(timer);
  return early ? early.value : ctx.idle(work);
}
