/**
 * An SRE points uh at an Envoy bootstrap: every cluster becomes a group with its members, where
 * they come from (static, DNS, EDS), how Envoy balances over them and what happens when all fail.
 */
import { describe, expect, it } from 'vitest';
import { bootstrap, onlyGroup, parse, parseError } from './parse-helper.js';

const endpoint = (address: string, port: number, extra = ''): string =>
  `        - endpoint:\n            address:\n              socket_address: { address: "${address}", port_value: ${port} }\n${extra}`;

describe('a STATIC cluster', () => {
  const yaml = bootstrap(`  - name: users
    type: STATIC
    lb_policy: LEAST_REQUEST
    load_assignment:
      cluster_name: users
      endpoints:
      - lb_endpoints:
${endpoint('10.0.0.1', 8080, '          load_balancing_weight: 3\n')}${endpoint('::1', 8081)}`);

  it('lists its members as written, with weights and IPv6 in brackets', () => {
    const group = onlyGroup(yaml);
    expect(group.name).toBe('users');
    expect(group.source).toBe('cluster');
    expect(group.clusterType).toBe('STATIC');
    expect(group.discovery).toBe('static');
    expect(group.targets.map((t) => [t.address, t.host, t.port, t.weight, t.resolve])).toEqual([
      ['10.0.0.1:8080', '10.0.0.1', 8080, 3, false],
      ['[::1]:8081', '::1', 8081, undefined, false],
    ]);
    expect(group.balance).toBe('least_request');
  });

  it('points each member at its line and column', () => {
    const [first, second] = onlyGroup(yaml).targets;
    expect(first!.loc).toEqual({ file: 'envoy.yaml', line: 12, column: 42 });
    expect(second!.loc.line).toBe(16);
  });

  it("applies Envoy's defaults: connect_timeout 5s, round robin, panic mode when all hosts fail", () => {
    const group = onlyGroup(bootstrap('  - name: bare\n'));
    expect(group.timeouts.connectMs).toBe(5000);
    expect(group.timeouts.declared).toBeUndefined();
    expect(group.balance).toBe('round_robin');
    expect(group.onAllUnhealthy).toBe('fail_open');
    expect(group.discovery).toBe('static');
    expect(group.clusterType).toBeUndefined();
    expect(group.protocol).toBe('http1');
    expect(group.tls).toBeUndefined();
  });

  it('fails closed when the panic threshold is 0%', () => {
    const group = onlyGroup(bootstrap('  - name: strict\n    common_lb_config: { healthy_panic_threshold: { value: 0 } }\n'));
    expect(group.onAllUnhealthy).toBe('fail_closed');
  });
});

describe('DNS clusters', () => {
  it('re-resolve names at run time, whatever the case of the enum', () => {
    const group = onlyGroup(
      bootstrap(`  - name: api
    type: strict_dns
    lb_policy: maglev
    connect_timeout: 0.25s
    dns_resolvers:
    - socket_address: { address: 127.0.0.53, port_value: 5353 }
    load_assignment:
      endpoints:
      - lb_endpoints:
${endpoint('api.internal', 443)}`),
    );
    expect(group.clusterType).toBe('strict_dns');
    expect(group.discovery).toBe('dns-refresh');
    expect(group.targets[0]!.resolve).toBe(true);
    expect(group.balance).toBe('other:MAGLEV');
    expect(group.timeouts.connectMs).toBe(250);
    expect(group.timeouts.declared).toEqual({ connect_timeout: '0.25s' });
    expect(group.resolvers.map((r) => [r.host, r.port])).toEqual([['127.0.0.53', 5353]]);
  });

  it('take c-ares resolvers from typed_dns_resolver_config', () => {
    const group = onlyGroup(
      bootstrap(`  - name: api
    type: LOGICAL_DNS
    typed_dns_resolver_config:
      name: envoy.network.dns_resolver.cares
      typed_config:
        "@type": type.googleapis.com/envoy.extensions.network.dns_resolver.cares.v3.CaresDnsResolverConfig
        resolvers:
        - socket_address: { address: "::1", port_value: 53 }
`),
    );
    expect(group.discovery).toBe('dns-refresh');
    expect(group.resolvers.map((r) => r.host)).toEqual(['::1']);
  });
});

describe('clusters whose members are not in the file', () => {
  it('EDS and ORIGINAL_DST are dynamic, with no members', () => {
    const model = parse(
      bootstrap(`  - name: eds
    type: EDS
    eds_cluster_config: { service_name: users, eds_config: { ads: {} } }
  - name: passthrough
    type: ORIGINAL_DST
    lb_policy: CLUSTER_PROVIDED
`),
    );
    expect(model.groups.map((g) => [g.name, g.discovery, g.targets.length])).toEqual([
      ['eds', 'dynamic', 0],
      ['passthrough', 'dynamic', 0],
    ]);
    expect(model.groups[0]!.params['eds_service_name']).toBe('users');
  });

  it('an aggregate cluster keeps the clusters it falls back to', () => {
    const group = onlyGroup(
      bootstrap(`  - name: agg
    cluster_type:
      name: envoy.clusters.aggregate
      typed_config:
        "@type": type.googleapis.com/envoy.extensions.clusters.aggregate.v3.ClusterConfig
        clusters: [primary, secondary]
`),
    );
    expect(group.discovery).toBe('dynamic');
    expect(group.params['cluster_type']).toBe('envoy.clusters.aggregate');
    expect(group.params['aggregate_clusters']).toEqual(['primary', 'secondary']);
  });
});

describe('endpoints', () => {
  it('DRAINING and UNHEALTHY members are out of rotation; locality settings go to params', () => {
    const group = onlyGroup(
      bootstrap(`  - name: users
    load_assignment:
      endpoints:
      - locality: { zone: a }
        load_balancing_weight: 7
        priority: 1
        lb_endpoints:
${endpoint('10.0.0.1', 80, '          health_status: DRAINING\n')}${endpoint('10.0.0.2', 80, '          health_status: unhealthy\n')}${endpoint('10.0.0.3', 80, '          health_status: HEALTHY\n')}`),
    );
    expect(group.targets.map((t) => t.down)).toEqual([true, true, false]);
    expect(group.targets[0]!.params).toEqual({ locality: { zone: 'a' }, locality_weight: 7, priority: 1, health_status: 'DRAINING' });
    expect(group.targets[0]!.weight).toBeUndefined();
  });

  it('members of a lower priority than the first populated one are a failover tier: backups', () => {
    const group = onlyGroup(
      bootstrap(`  - name: tiers
    load_assignment:
      endpoints:
      - priority: 0
        lb_endpoints:
${endpoint('10.0.0.1', 80)}      - priority: 1
        lb_endpoints:
${endpoint('10.0.1.1', 80)}      - lb_endpoints:
${endpoint('10.0.2.1', 80)}`),
    );
    expect(group.targets.map((t) => [t.address, t.backup])).toEqual([
      ['10.0.0.1:80', false],
      ['10.0.1.1:80', true],
      ['10.0.2.1:80', false],
    ]);
    const onlyTier2 = onlyGroup(bootstrap(`  - name: t2\n    load_assignment:\n      endpoints:\n      - priority: 2\n        lb_endpoints:\n${endpoint('10.0.2.1', 80)}`));
    expect(onlyTier2.targets.map((t) => t.backup)).toEqual([false]);
  });

  it('Unix sockets and named ports are kept as written', () => {
    const group = onlyGroup(
      bootstrap(`  - name: local
    load_assignment:
      endpoints:
      - lb_endpoints:
        - endpoint: { address: { pipe: { path: /run/app.sock } } }
        - endpoint: { address: { socket_address: { address: app, named_port: http } } }
`),
    );
    expect(group.targets.map((t) => [t.address, t.socket, t.port, t.portText])).toEqual([
      ['unix:/run/app.sock', 'unix', undefined, undefined],
      ['app:http', 'inet', undefined, 'http'],
    ]);
  });

  it('the v2 hosts list still reads', () => {
    const group = onlyGroup(bootstrap('  - name: old\n    type: STRICT_DNS\n    hosts: [{ socket_address: { address: old, port_value: 80 } }]\n'));
    expect(group.targets.map((t) => t.address)).toEqual(['old:80']);
  });

  it('a port out of range is an error at the port', () => {
    const err = parseError(bootstrap(`  - name: users\n    load_assignment:\n      endpoints:\n      - lb_endpoints:\n${endpoint('10.0.0.1', 70000)}`));
    expect(err.code).toBe('UH_CONFIG_INVALID');
    expect(err.message).toMatch(/^envoy\.yaml:\d+:\d+: endpoint\.address\.socket_address\.port_value 70000 is not a port$/);
  });
});

describe('limits and circuit breakers', () => {
  it('max_requests of the DEFAULT threshold bounds concurrent requests; thresholds stay in params', () => {
    const group = onlyGroup(
      bootstrap(`  - name: users
    circuit_breakers:
      thresholds:
      - { priority: HIGH, max_requests: 5 }
      - { max_requests: 100, max_connections: 10 }
`),
    );
    expect(group.maxRequests).toBe(100);
    expect(group.params['circuit_breakers']).toEqual({
      thresholds: [{ priority: 'HIGH', max_requests: 5 }, { max_requests: 100, max_connections: 10 }],
    });
  });
});

describe('proto JSON spellings', () => {
  it('camelCase keys and {seconds, nanos} durations read like snake_case', () => {
    const model = parse(`resources:
- "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster
  name: users
  connectTimeout: { seconds: 1, nanos: 500000000 }
  dnsLookupFamily: V4_ONLY
  loadAssignment:
    clusterName: users
    endpoints:
    - lbEndpoints:
      - endpoint: { address: { socketAddress: { address: 10.0.0.1, portValue: 9000 } } }
        loadBalancingWeight: { value: 2 }
`);
    const group = model.groups[0]!;
    expect(group.timeouts.connectMs).toBe(1500);
    expect(group.timeouts.declared).toEqual({ connect_timeout: '{"seconds":1,"nanos":500000000}' });
    expect(group.params['dns_lookup_family']).toBe('V4_ONLY');
    expect(group.targets.map((t) => [t.address, t.weight])).toEqual([['10.0.0.1:9000', 2]]);
  });

  it('static_resources.clusters written as one mapping is read, with a warning', () => {
    const model = parse('static_resources:\n  clusters:\n    name: single\n    connect_timeout: 2s\n');
    expect(model.groups.map((g) => g.name)).toEqual(['single']);
    expect(model.notes).toContainEqual({
      severity: 'warning',
      message: 'static_resources.clusters is written as a single mapping, not a list: read as a one-element list (Envoy rejects this)',
      loc: { file: 'envoy.yaml', line: 3, column: 5 },
    });
  });
});
