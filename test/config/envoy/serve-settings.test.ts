import { describe, expect, it } from 'vitest';
import { envoyBootstrap } from '../../proxy/envoy-bootstrap.js';
import type { GatewayConfig, UpstreamGroup } from '../../../src/model/index.js';
import { parse } from './parse-helper.js';

function group(cfg: GatewayConfig, name: string): UpstreamGroup {
  return cfg.groups.find((g) => g.name === name)!;
}

describe('what uh serve takes from an Envoy bootstrap (its documented v3 format; no Envoy binary here)', () => {
  it('listens on the listener socket_address that routes to clusters; no retry policy, no limits unless written', () => {
    const cfg = parse(envoyBootstrap({ listenPort: 10000, endpoints: ['127.0.0.1:8001', '127.0.0.1:8002'] }));
    expect(cfg.serve.listeners!.map((l) => [l.address, l.tls])).toEqual([['127.0.0.1:10000', false]]);
    expect(group(cfg, 'web').retries).toBeUndefined();
    expect(group(cfg, 'web').limits).toBeUndefined();
  });

  it('reads the route retry_policy (retry_on, num_retries, per_try_timeout, back-off) onto the cluster it routes to', () => {
    const route = 'retry_policy:\n  retry_on: "connect-failure,reset,retriable-status-codes"\n  retriable_status_codes: [503]\n  num_retries: 2\n  per_try_timeout: 0.5s\n  retry_back_off: { base_interval: 0.1s }';
    const cfg = parse(envoyBootstrap({ listenPort: 10000, endpoints: ['127.0.0.1:8001'], route }));
    expect(group(cfg, 'web').retries).toMatchObject({
      attempts: 2,
      on: ['connect_failure', 'reset', 'timeout', '503'],
      perTryTimeoutMs: 500,
      backoffMs: 100,
      maxBackoffMs: 1000,
      budget: 0,
    });
  });

  it('gateway-error and 5xx include connect failures, as Envoy documents; num_retries defaults to 1', () => {
    const cfg = parse(envoyBootstrap({ listenPort: 10000, endpoints: ['127.0.0.1:8001'], route: 'retry_policy: { retry_on: gateway-error }' }));
    expect(group(cfg, 'web').retries).toMatchObject({ attempts: 1, on: ['connect_failure', 'reset', 'timeout', '502', '503', '504'] });
  });

  it('reads the DEFAULT circuit_breakers thresholds as group-wide limits', () => {
    const cluster = 'circuit_breakers:\n  thresholds:\n  - priority: HIGH\n    max_requests: 9\n  - max_connections: 4\n    max_pending_requests: 8\n    max_requests: 16\n    max_retries: 2';
    const cfg = parse(envoyBootstrap({ listenPort: 10000, endpoints: ['127.0.0.1:8001'], cluster }));
    expect(group(cfg, 'web').limits).toEqual({ maxConnections: 4, maxPendingRequests: 8, maxRequests: 16, maxRetries: 2 });
  });
});
