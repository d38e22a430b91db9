/**
 * Envoy's per-host health flags (admin `/clusters`: `health_flags::/failed_active_hc/…`, or the
 * JSON `health_status` booleans), each with its meaning, and the state they add up to. Unknown
 * `/xxx` tokens are kept and shown, never dropped: a newer Envoy may add flags.
 */
import type { CauseId } from '../causes/catalog.js';
import type { GatewayEvidenceKind, GatewayTargetState } from './types.js';

interface FlagMeaning {
  readonly meaning: string;
  readonly state: GatewayTargetState;
  readonly kind: GatewayEvidenceKind;
  readonly cause?: CauseId;
}

/** Most decisive first: the first flag present decides the state. */
export const ENVOY_HEALTH_FLAGS: Readonly<Record<string, FlagMeaning>> = {
  eds_status_draining: { meaning: 'the control plane set the endpoint DRAINING (EDS)', state: 'draining', kind: 'discovery' },
  pending_dynamic_removal: { meaning: 'removed by discovery, kept until its connections drain', state: 'draining', kind: 'discovery' },
  failed_active_hc: { meaning: 'failed Envoy\'s active health check', state: 'unhealthy', kind: 'active-check' },
  active_hc_timeout: { meaning: 'the active health check timed out', state: 'unhealthy', kind: 'active-check', cause: 'health-timeout' },
  excluded_via_immediate_hc_fail: { meaning: 'excluded at once: the host answered its health check with x-envoy-immediate-health-check-fail', state: 'unhealthy', kind: 'active-check' },
  failed_eds_health: { meaning: 'the control plane marked it UNHEALTHY (EDS health status)', state: 'unhealthy', kind: 'discovery' },
  failed_outlier_check: { meaning: 'ejected by outlier detection (failed live requests)', state: 'ejected', kind: 'traffic' },
  pending_active_hc: { meaning: 'not checked yet: waits for its first active health check', state: 'pending', kind: 'active-check' },
  degraded_active_hc: { meaning: 'its active health check answered degraded (x-envoy-degraded)', state: 'degraded', kind: 'active-check' },
  degraded_eds_health: { meaning: 'the control plane marked it DEGRADED (EDS)', state: 'degraded', kind: 'discovery' },
};

const ORDER = Object.keys(ENVOY_HEALTH_FLAGS);

export interface FlagReading {
  readonly state: GatewayTargetState;
  readonly flags: readonly string[];
  readonly detail: string;
  readonly kind?: GatewayEvidenceKind;
  readonly cause?: CauseId;
}

/** `/failed_active_hc/failed_outlier_check` or `healthy` → state, flags, and the words for the report. */
export function readHealthFlags(text: string): FlagReading {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'healthy') return { state: 'healthy', flags: [], detail: 'healthy' };
  return readFlagList(trimmed.split('/').filter((t) => t !== ''));
}

export function readFlagList(flags: readonly string[]): FlagReading {
  if (flags.length === 0) return { state: 'healthy', flags: [], detail: 'healthy' };
  const decisive = ORDER.find((f) => flags.includes(f));
  const meaning = decisive ? ENVOY_HEALTH_FLAGS[decisive]! : undefined;
  const words = flags.map((f) => `/${f}${ENVOY_HEALTH_FLAGS[f] ? ` (${ENVOY_HEALTH_FLAGS[f]!.meaning})` : ' (a flag uh does not know)'}`);
  return {
    state: meaning?.state ?? 'unknown',
    flags,
    detail: words.join(' '),
    ...(meaning ? { kind: meaning.kind } : {}),
    ...(meaning?.cause ? { cause: meaning.cause } : {}),
  };
}

/** The JSON form (`health_status`) → the same flag tokens the text form uses. */
export function flagsFromJson(status: Readonly<Record<string, unknown>> | undefined): string[] {
  if (!status) return [];
  const out: string[] = [];
  const eds = status['eds_health_status'];
  if (eds === 'DRAINING') out.push('eds_status_draining');
  if (eds === 'UNHEALTHY' || eds === 'TIMEOUT') out.push('failed_eds_health');
  if (eds === 'DEGRADED') out.push('degraded_eds_health');
  const map: Readonly<Record<string, string>> = {
    failed_active_health_check: 'failed_active_hc',
    failed_outlier_check: 'failed_outlier_check',
    failed_active_degraded_check: 'degraded_active_hc',
    pending_dynamic_removal: 'pending_dynamic_removal',
    pending_active_hc: 'pending_active_hc',
    excluded_via_immediate_hc_fail: 'excluded_via_immediate_hc_fail',
    active_hc_timeout: 'active_hc_timeout',
  };
  for (const [key, value] of Object.entries(status)) {
    if (key === 'eds_health_status' || value !== true) continue;
    out.push(map[key] ?? key);
  }
  return out;
}
