/**
 * Envoy speaks to a cluster what its listeners give it to carry. A cluster reached only by network
 * filters (tcp_proxy, redis_proxy…) is a TCP upstream, as nginx `stream {}` is: a healthy Redis
 * behind it is healthy, never `protocol-not-http`. Envoy's documented v3 format; no Envoy runs here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startNotHttpServer } from '../../src/demo/faults/not-http.js';
import { exitCodeFor } from '../../src/report/exit-code.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import { diagnoseText, first, summary } from './harness.js';

const servers: RunningFault[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function redis(): Promise<RunningFault> {
  const s = await startNotHttpServer('redis');
  servers.push(s);
  return s;
}

const cluster = (port: number, extra = '') => `  clusters:
  - name: redis
    type: STATIC
    load_assignment:
      cluster_name: redis
      endpoints:
      - lb_endpoints:
        - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: ${port}}}}
${extra}`;

const tcpProxy = (port: number, extra = '') => `static_resources:
  listeners:
  - name: redis
    address: {socket_address: {address: 0.0.0.0, port_value: 6379}}
    filter_chains:
    - filters:
      - name: envoy.filters.network.tcp_proxy
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
          stat_prefix: redis
          cluster: redis
${cluster(port, extra)}`;

describe('e2e: an Envoy cluster used only by network filters is a TCP upstream (documented v3 format)', () => {
  it('tcp_proxy → a healthy Redis-like service: healthy, exit 0, no protocol-not-http', async () => {
    const r = await redis();
    const d = await diagnoseText('envoy', tcpProxy(r.port));
    expect(d.groups[0]!.verdict, summary(d)).toBe('healthy');
    expect(d.findings.map((f) => f.cause), summary(d)).not.toContain('protocol-not-http');
    expect(exitCodeFor(d.findings, 'critical'), summary(d)).toBe(0);
    const checks = d.groups[0]!.targets[0]!.checks;
    expect(checks.find((c) => c.probe === 'tcp')?.outcome).toBe('pass');
    expect(checks.find((c) => c.probe === 'http')?.outcome).toBe('skip');
  });

  it('tcp_proxy → a refused port: tcp-refused ranks first (the TCP layer is still probed)', async () => {
    const d = await diagnoseText('envoy', tcpProxy(await refusedPort()));
    expect(first(d).cause, summary(d)).toBe('tcp-refused');
  });

  it('redis_proxy prefix routes → the same cluster: healthy', async () => {
    const r = await redis();
    const d = await diagnoseText('envoy', `static_resources:
  listeners:
  - name: redis
    address: {socket_address: {address: 0.0.0.0, port_value: 6379}}
    filter_chains:
    - filters:
      - name: envoy.filters.network.redis_proxy
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.redis_proxy.v3.RedisProxy
          stat_prefix: egress_redis
          settings: {op_timeout: 5s}
          prefix_routes:
            catch_all_route: {cluster: redis}
${cluster(r.port)}`);
    expect(d.groups[0]!.verdict, summary(d)).toBe('healthy');
    expect(exitCodeFor(d.findings, 'critical'), summary(d)).toBe(0);
  });

  it('a tcp_health_check on the cluster: probed as the TCP layer, healthy', async () => {
    const r = await redis();
    const d = await diagnoseText('envoy', tcpProxy(r.port, `    health_checks:
    - timeout: 1s
      interval: 5s
      unhealthy_threshold: 3
      healthy_threshold: 2
      tcp_health_check: {}
`));
    expect(d.groups[0]!.verdict, summary(d)).toBe('healthy');
    expect(d.findings.map((f) => f.cause), summary(d)).not.toContain('config-no-health-check');
  });
});
