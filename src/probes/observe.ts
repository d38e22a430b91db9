/**
 * The one way a probe writes an observation: the catalog gives the default severity, so a probe
 * states only what it saw and how sure it is. A probe overrides the severity only for a reason of
 * its own (a certificate problem the gateway does not check is a warning, not an outage).
 */
import type { CauseId, Severity } from '../causes/catalog.js';
import { cause } from '../causes/catalog.js';
import type { Observation } from './types.js';

/** Direct evidence (a refused connect, a certificate's dates) is this sure. */
export const DIRECT_CONFIDENCE = 0.95;

export function observe(id: CauseId, evidence: readonly string[], confidence = 0.9, severity: Severity = cause(id).severity): Observation {
  return { cause: id, severity, confidence, evidence };
}
