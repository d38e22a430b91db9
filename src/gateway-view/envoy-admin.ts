/**
 * Envoy's admin interface (`--admin http://127.0.0.1:9901`; Istio sidecars `:15000`): `/clusters`
 * (JSON, else the text form) for every host's health flags, `/stats` for each cluster's membership,
 * panic, ejections and overflows. GET only: uh never changes the gateway's state.
 */
import { httpGet } from './bounded-io.js';
import { readClustersJson, readClustersText } from './envoy-clusters.js';
import type { ClusterStats } from './envoy-stats.js';
import { readClusterStats } from './envoy-stats.js';
import type { GatewayGroupView, GatewayTargetView, GatewayViewSource } from './types.js';
import { skippedView } from './types.js';

/** Envoy's default healthy_panic_threshold: below 50% healthy, it routes to every host. */
const DEFAULT_PANIC_PERCENT = 50;

export function adminBase(endpoint: string): string {
  const url = new URL(endpoint);
  return `${url.origin}${url.pathname.replace(/\/$/, '')}`;
}

export const envoyAdminSource: GatewayViewSource = async (endpoint, ctx) => {
  const base = adminBase(endpoint);
  const json = await httpGet(`${base}/clusters?format=json`, ctx);
  if (!json.ok) return skippedView('envoy-admin', endpoint, `cannot read the Envoy admin: ${json.reason}`);
  let clusters = json.status === 200 ? readClustersJson(json.text) : undefined;
  if (!clusters) {
    const text = await httpGet(`${base}/clusters`, ctx);
    clusters = text.ok && text.status === 200 ? readClustersText(text.text) : undefined;
    if (!clusters) return skippedView('envoy-admin', endpoint, `${base}/clusters answered ${json.status} and no cluster list uh can read`);
  }
  const stats = await httpGet(`${base}/stats?filter=${encodeURIComponent('^cluster\\.')}`, ctx);
  const byCluster = stats.ok && stats.status === 200 ? readClusterStats(stats.text) : new Map<string, ClusterStats>();
  const groups = clusters.clusters.map((name) => groupView(name, clusters.hosts.filter((h) => h.group === name), byCluster.get(name)));
  const notes = [
    ...(stats.ok && stats.status === 200 ? [] : [`/stats could not be read (${stats.ok ? `status ${stats.status}` : stats.reason}): membership and overflow counters not shown`]),
    ...(json.truncated ? [`/clusters was longer than ${ctx.maxBytes} bytes: only the first hosts were read`] : []),
  ];
  return { source: 'envoy-admin', endpoint, outcome: 'read', groups, targets: clusters.hosts, notes };
};

function groupView(name: string, hosts: readonly GatewayTargetView[], stats: ClusterStats | undefined): GatewayGroupView {
  const members = stats?.membershipTotal ?? hosts.length;
  const healthy = stats?.membershipHealthy ?? hosts.filter((h) => h.state === 'healthy').length;
  const overflow = [
    ...(stats?.pendingOverflow ? [`upstream_rq_pending_overflow ${stats.pendingOverflow} (requests refused by the circuit breaker's max_pending_requests since start)`] : []),
    ...(stats?.connectionOverflow ? [`upstream_cx_overflow ${stats.connectionOverflow} (connections refused by the circuit breaker's max_connections since start)`] : []),
  ];
  // Below the panic threshold Envoy spreads traffic over every host, unhealthy ones included.
  const panic = members > 0 && healthy < members && (healthy * 100) / members < DEFAULT_PANIC_PERCENT;
  const counters = [
    ...(stats?.noneHealthy ? [`upstream_cx_none_healthy ${stats.noneHealthy} (requests with no healthy host since start)`] : []),
    ...(stats?.ejectionsActive ? [`outlier_detection.ejections_active ${stats.ejectionsActive}`] : []),
    ...(stats?.healthCheckFailures ? [`health_check.failure ${stats.healthCheckFailures}`] : []),
    ...(stats?.membershipDegraded ? [`membership_degraded ${stats.membershipDegraded}`] : []),
    ...(stats?.membershipExcluded ? [`membership_excluded ${stats.membershipExcluded}`] : []),
  ];
  return { source: 'envoy-admin', name, members, healthy, panic, overflow, ...(counters.length > 0 ? { counters } : {}) };
}
