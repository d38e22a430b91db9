import type { CauseId, Layer } from '../causes/catalog.js';
import { cause } from '../causes/catalog.js';
import { causeOfErrorCode } from '../causes/error-codes.js';
import type { AttemptOutcome } from './retry.js';

export interface ClassifiedFailure {
  readonly outcome: AttemptOutcome;
  readonly cause: CauseId;
  readonly message: string;
}

/** Causes meaning "never reached the target": nothing was sent, so a retry elsewhere is always safe. */
function neverReached(id: CauseId | undefined): id is CauseId {
  return id !== undefined && id !== 'tcp-reset' && NEVER_REACHED_LAYERS.has(cause(id).layer);
}

const NEVER_REACHED_LAYERS: ReadonlySet<Layer> = new Set(['dns', 'tcp', 'tls']);

const TIMEOUT_CODES: ReadonlySet<string> = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UH_TRY_TIMEOUT']);

/** The first `code` along the `cause` chain (undici wraps socket errors), bounded. */
export function errorCodeOf(err: unknown): string {
  let cur: unknown = err;
  for (let depth = 0; depth < 5 && cur instanceof Error; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  const top = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof top === 'string' ? top : 'UNKNOWN';
}

/**
 * Map an upstream attempt's error to a retry outcome and a catalog cause id, so the 502/504 body
 * names the same cause `diagnose` would. Matching is on `code`, never `instanceof`: Node's bundled
 * undici is a different copy from ours.
 */
export function classifyFailure(err: unknown): ClassifiedFailure {
  const code = errorCodeOf(err);
  const message = `${code}: ${err instanceof Error ? err.message : String(err)}`;
  const named = causeOfErrorCode(code);
  if (neverReached(named)) return { outcome: { kind: 'connect', code }, cause: named, message };
  if (TIMEOUT_CODES.has(code)) return { outcome: { kind: 'timeout', code }, cause: 'health-timeout', message };
  return { outcome: { kind: 'reset', code }, cause: 'tcp-reset', message };
}
