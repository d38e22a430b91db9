/**
 * Envoy admin `/stats` (text, `name: value`): per cluster, the counters that say what the gateway
 * did — membership (total/healthy/degraded/excluded), panic routing, requests with no healthy host,
 * outlier ejections, circuit-breaker overflows, health-check failures.
 */
export interface ClusterStats {
  readonly membershipTotal?: number;
  readonly membershipHealthy?: number;
  readonly membershipDegraded?: number;
  readonly membershipExcluded?: number;
  readonly panic?: number;
  readonly noneHealthy?: number;
  readonly ejectionsActive?: number;
  readonly pendingOverflow?: number;
  readonly connectionOverflow?: number;
  readonly healthCheckFailures?: number;
}

const KEYS: Readonly<Record<string, keyof ClusterStats>> = {
  membership_total: 'membershipTotal',
  membership_healthy: 'membershipHealthy',
  membership_degraded: 'membershipDegraded',
  membership_excluded: 'membershipExcluded',
  lb_healthy_panic: 'panic',
  upstream_cx_none_healthy: 'noneHealthy',
  'outlier_detection.ejections_active': 'ejectionsActive',
  upstream_rq_pending_overflow: 'pendingOverflow',
  upstream_cx_overflow: 'connectionOverflow',
  'health_check.failure': 'healthCheckFailures',
};

const LINE = new RegExp(`^cluster\\.(.+)\\.(${Object.keys(KEYS).map((k) => k.replace('.', '\\.')).join('|')}): (\\d+)$`);

export function readClusterStats(text: string): Map<string, ClusterStats> {
  const out = new Map<string, Record<string, number>>();
  for (const line of text.split('\n').slice(0, 2_000_000)) {
    const m = LINE.exec(line.trim());
    if (!m) continue;
    const entry = out.get(m[1]!) ?? {};
    entry[KEYS[m[2]!]!] = Number(m[3]);
    out.set(m[1]!, entry);
  }
  return out as Map<string, ClusterStats>;
}
