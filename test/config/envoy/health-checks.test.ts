/**
 * uh must probe the way Envoy's health checker does: same path, host, method, accepted statuses
 * (half-open ranges!), thresholds and timing; and know Envoy's outlier-detection defaults.
 */
import { describe, expect, it } from 'vitest';
import { bootstrap, onlyGroup, parseError } from './parse-helper.js';

const withCheck = (check: string): string =>
  bootstrap(`  - name: users
    health_checks:
${check}    load_assignment:
      endpoints:
      - lb_endpoints:
        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: 9001 } } }
`);

describe('an http_health_check', () => {
  const group = onlyGroup(
    withCheck(`    - timeout: 0.5s
      interval: 5s
      interval_jitter_percent: 10
      unhealthy_interval: 1s
      unhealthy_threshold: 3
      healthy_threshold: { value: 2 }
      http_health_check:
        path: /healthz
        host: users.internal
        method: head
        request_headers_to_add:
        - header: { key: x-probe, value: uh }
        expected_statuses:
        - { start: 200, end: 201 }
        - { start: "300", end: "400" }
        receive:
        - text: "6f6b"
`),
  );
  const active = group.health.active!;

  it('becomes an active http check with effective values in ms and thresholds as rise/fall', () => {
    expect(active).toMatchObject({
      type: 'http',
      path: '/healthz',
      host: 'users.internal',
      method: 'HEAD',
      headers: { 'x-probe': 'uh' },
      intervalMs: 5000,
      timeoutMs: 500,
      rise: 2,
      fall: 3,
      jitter: 0.1,
      unhealthyIntervalMs: 1000,
      origin: 'envoy http_health_check',
    });
  });

  it('reads expected_statuses as half-open ranges: {200, 201} accepts only 200', () => {
    expect(active.expectStatus).toEqual([
      { from: 200, to: 200 },
      { from: 300, to: 399 },
    ]);
  });

  it('decodes the hex receive payload into the body it must contain', () => {
    expect(active.expectBody).toEqual({ kind: 'substring', value: 'ok' });
  });

  it('keeps what the file declared, flattened, values as written', () => {
    expect(active.declared).toMatchObject({
      timeout: '0.5s',
      interval: '5s',
      healthy_threshold: { value: 2 },
      path: '/healthz',
      expected_statuses: [
        { start: 200, end: 201 },
        { start: '300', end: '400' },
      ],
    });
    expect(active.declared).not.toHaveProperty('http_health_check');
  });

  it("without expected_statuses accepts 200 only, Envoy's default", () => {
    const plain = onlyGroup(
      withCheck('    - { timeout: 1s, interval: 2s, unhealthy_threshold: 2, healthy_threshold: 1, http_health_check: { path: / } }\n'),
    );
    expect(plain.health.active!.expectStatus).toEqual([{ from: 200, to: 200 }]);
    expect(plain.health.active!.method).toBe('GET');
  });

  it('without host sends the cluster name as Host, as Envoy does', () => {
    const plain = onlyGroup(
      withCheck('    - { timeout: 1s, interval: 2s, unhealthy_threshold: 2, healthy_threshold: 1, http_health_check: { path: / } }\n'),
    );
    expect(plain.health.active!.host).toBe('users');
    expect(plain.health.active!.declared).not.toHaveProperty('host');
  });

  it('checks the port every member names in health_check_config', () => {
    const group = onlyGroup(
      bootstrap(`  - name: users
    health_checks:
    - { timeout: 1s, interval: 2s, unhealthy_threshold: 2, healthy_threshold: 1, http_health_check: { path: /health } }
    load_assignment:
      endpoints:
      - lb_endpoints:
        - endpoint:
            address: { socket_address: { address: 127.0.0.1, port_value: 9001 } }
            health_check_config: { port_value: 9101 }
`),
    );
    expect(group.health.active!.port).toBe(9101);
    expect(group.targets[0]!.port).toBe(9001);
  });
});

describe('tcp and grpc checks', () => {
  it('tcp_health_check: {} is a connect-only check', () => {
    const group = onlyGroup(
      withCheck('    - { timeout: 1s, interval: 1s, unhealthy_threshold: 1, healthy_threshold: 1, tcp_health_check: {} }\n'),
    );
    expect(group.health.active).toMatchObject({ type: 'tcp', intervalMs: 1000, expectStatus: [] });
    expect(group.health.active!.path).toBeUndefined();
  });

  it('grpc_health_check sends its service_name', () => {
    const group = onlyGroup(
      withCheck(
        '    - { timeout: 1s, interval: 1s, unhealthy_threshold: 1, healthy_threshold: 1, grpc_health_check: { service_name: users.v1 } }\n',
      ),
    );
    expect(group.health.active).toMatchObject({ type: 'grpc', grpcService: 'users.v1' });
  });
});

describe('a health check Envoy would reject', () => {
  it('without a timeout is an error at the check', () => {
    const err = parseError(withCheck('    - { interval: 1s, unhealthy_threshold: 1, healthy_threshold: 1, tcp_health_check: {} }\n'));
    expect(err.message).toBe('envoy.yaml:5:7: health check has no timeout (Envoy requires it)');
  });

  it('with a duration in minutes is an error at the value', () => {
    const err = parseError(withCheck('    - { timeout: 1m, interval: 1s, unhealthy_threshold: 1, healthy_threshold: 1, tcp_health_check: {} }\n'));
    expect(err.detail).toMatch(/^health_checks\.timeout: bad duration "1m"/);
    expect(err.loc).toEqual({ file: 'envoy.yaml', line: 5, column: 18 });
  });
});

describe('outlier_detection', () => {
  it("present but empty enables passive checking with Envoy's defaults", () => {
    const group = onlyGroup(bootstrap('  - name: users\n    outlier_detection: {}\n'));
    expect(group.health.passive).toMatchObject({ maxFailures: 5, failureWindowMs: 10_000, ejectForMs: 30_000, maxEjectedPercent: 10, declared: {} });
    expect(group.health.active).toBeUndefined();
  });

  it('camelCase consecutive5xx is the proto field consecutive_5xx', () => {
    const group = onlyGroup(
      bootstrap('  - name: users\n    outlierDetection: { consecutive5xx: 2, interval: 1s, baseEjectionTime: 60s, maxEjectionPercent: 50 }\n'),
    );
    expect(group.health.passive).toMatchObject({ maxFailures: 2, failureWindowMs: 1000, ejectForMs: 60_000, maxEjectedPercent: 50 });
    expect(group.health.passive!.declared).toEqual({ consecutive_5xx: 2, interval: '1s', base_ejection_time: '60s', max_ejection_percent: 50 });
  });
});
