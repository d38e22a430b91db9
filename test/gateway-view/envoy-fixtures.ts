/**
 * An Envoy admin on loopback, answering in Envoy's documented formats. No Envoy binary runs here:
 * the shapes follow Envoy's docs (admin.v3.Clusters, ClustersConfigDump, EndpointsConfigDump) and
 * its own admin test expectations (test/server/admin/clusters_handler_test.cc: the text form and
 * the JSON health_status keys).
 */
import type { RunningFault } from '../../src/demo/faults/types.js';
import { startHttpServer } from '../../src/demo/faults/http-servers.js';

export interface EnvoyHost {
  readonly address: string;
  readonly port: number;
  /** JSON health_status, as /clusters?format=json writes it. */
  readonly health?: Record<string, unknown>;
  /** EDS health_status in the config dump. */
  readonly eds?: 'HEALTHY' | 'DRAINING' | 'UNHEALTHY';
}

export interface EnvoyFixture {
  readonly clusters: Record<string, readonly EnvoyHost[]>;
  readonly stats?: string;
  /** Serve only the text form of /clusters (older admin, or ?format=json refused). */
  readonly textOnly?: string;
}

const at = '2026-12-04T14:00:00Z';

export function clustersJson(fixture: EnvoyFixture): string {
  return JSON.stringify({
    cluster_statuses: Object.entries(fixture.clusters).map(([name, hosts]) => ({
      name,
      added_via_api: true,
      host_statuses: hosts.map((h, i) => ({
        address: { socket_address: { protocol: 'TCP', address: h.address, port_value: h.port } },
        // Stat values are strings in proto3 JSON; some builds print numbers: both are read.
        stats: [{ name: 'cx_connect_fail', value: i % 2 ? 3 : '0' }, { name: 'rq_total', value: '12', type: 'COUNTER' }],
        health_status: h.health ?? { eds_health_status: 'HEALTHY' },
        weight: 1,
        locality: {},
      })),
      observability_name: name,
    })),
  }, null, 1);
}

export function configDump(fixture: EnvoyFixture, warming: string[] = []): string {
  const cluster = (name: string) => ({
    '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
    name,
    type: 'EDS',
    eds_cluster_config: { eds_config: { ads: {}, resource_api_version: 'V3' } },
    connect_timeout: '1s',
    health_checks: [{ timeout: '1s', interval: '5s', unhealthy_threshold: 2, healthy_threshold: 1, http_health_check: { path: '/health' } }],
  });
  return JSON.stringify({
    configs: [
      {
        '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
        version_info: '7',
        dynamic_active_clusters: Object.keys(fixture.clusters).map((name) => ({ version_info: '7', cluster: cluster(name), last_updated: at })),
        dynamic_warming_clusters: warming.map((name) => ({ version_info: '8', cluster: cluster(name), last_updated: at })),
      },
      {
        '@type': 'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump',
        dynamic_endpoint_configs: Object.entries(fixture.clusters).map(([name, hosts]) => ({
          version_info: '7',
          endpoint_config: {
            '@type': 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
            cluster_name: name,
            endpoints: hosts.length === 0 ? [] : [{
              locality: {},
              lb_endpoints: hosts.map((h) => ({
                endpoint: { address: { socket_address: { address: h.address, port_value: h.port } } },
                health_status: h.eds ?? 'HEALTHY',
              })),
            }],
          },
          last_updated: at,
        })),
      },
    ],
  }, null, 1);
}

export function startEnvoyAdmin(fixture: EnvoyFixture, warming: string[] = []): Promise<RunningFault> {
  return startHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://admin');
    const send = (status: number, body: string, type = 'application/json'): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, 'GET only\n', 'text/plain');
    if (url.pathname === '/clusters' && url.searchParams.get('format') === 'json' && !fixture.textOnly) return send(200, clustersJson(fixture));
    if (url.pathname === '/clusters') return send(200, fixture.textOnly ?? '', 'text/plain');
    if (url.pathname === '/stats') return send(200, fixture.stats ?? '', 'text/plain');
    if (url.pathname === '/config_dump') return send(200, configDump(fixture, warming));
    return send(404, 'invalid path. admin commands are:\n', 'text/plain');
  });
}
