/**
 * People hand uh whatever Envoy file they have: a bootstrap, a CDS or EDS resource file, a
 * control plane's DiscoveryResponse, or what `curl :9901/config_dump` printed. Each is read.
 */
import { describe, expect, it } from 'vitest';
import { parse, parseError } from './parse-helper.js';

describe('xDS resource files', () => {
  it('a CDS DiscoveryResponse yields its clusters', () => {
    const model = parse(`version_info: "3"
resources:
- "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster
  name: users
  type: EDS
  eds_cluster_config: { eds_config: { ads: {} } }
`);
    expect(model.groups.map((g) => [g.name, g.discovery])).toEqual([['users', 'dynamic']]);
  });

  it('an EDS file yields members whose TLS cannot be known from it', () => {
    const model = parse(`resources:
- "@type": type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment
  cluster_name: users
  endpoints:
  - lb_endpoints:
    - endpoint: { address: { socket_address: { address: 10.0.0.7, port_value: 8443 } } }
`);
    const group = model.groups[0]!;
    expect(group.name).toBe('users');
    expect(group.tlsUnknown).toBe(true);
    expect(group.targets.map((t) => t.address)).toEqual(['10.0.0.7:8443']);
    expect(model.notes.map((n) => n.message)).toContain(
      'endpoint assignments only: TLS, health checks and timeouts of these clusters are in their CDS or bootstrap file',
    );
  });

  it('a bare list of camelCase ClusterLoadAssignments is read too', () => {
    const model = parse(`- clusterName: a
  endpoints:
  - lbEndpoints:
    - endpoint: { address: { pipe: { path: /tmp/a.sock } } }
`);
    expect(model.groups.map((g) => [g.name, g.targets[0]!.address])).toEqual([['a', 'unix:/tmp/a.sock']]);
  });

  it('an LDS file yields routes and no groups', () => {
    const model = parse(`resources:
- "@type": type.googleapis.com/envoy.config.listener.v3.Listener
  name: main
  address: { socket_address: { address: 0.0.0.0, port_value: 10000 } }
  filter_chains:
  - filters:
      name: envoy.filters.network.tcp_proxy
      typed_config:
        "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
        cluster: users
`);
    expect(model.groups).toEqual([]);
    expect(model.routes.map((r) => [r.upstream, r.listener])).toEqual([['users', 'main']]);
    expect(model.notes.some((n) => n.severity === 'warning' && n.message.startsWith('filters is written as a single mapping'))).toBe(true);
  });
});

describe('file-based xDS', () => {
  const bootstrapYaml = `node: { id: n, cluster: c }
dynamic_resources:
  cds_config: { path_config_source: { path: xds/cds.yaml }, resource_api_version: V3 }
  lds_config: { path: /etc/envoy/lds.yaml }
`;
  const cds = `resources:
- "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster
  name: users
  type: STRICT_DNS
  load_assignment:
    endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: users, port_value: 8080 } } } }] }]
`;

  it('clusters come from the CDS file the bootstrap names, relative to the bootstrap', () => {
    const model = parse(bootstrapYaml, 'conf/envoy.yaml', { 'conf/xds/cds.yaml': cds });
    expect(model.groups.map((g) => [g.name, g.targets[0]!.address, g.loc.file])).toEqual([['users', 'users:8080', 'conf/xds/cds.yaml']]);
    expect(model.source.files).toEqual(['conf/envoy.yaml', 'conf/xds/cds.yaml']);
  });

  it('a source file that cannot be read is a warning, not a failure', () => {
    const model = parse(bootstrapYaml, 'conf/envoy.yaml', { 'conf/xds/cds.yaml': cds });
    expect(model.notes).toContainEqual({
      severity: 'warning',
      message: 'listeners from the file /etc/envoy/lds.yaml (lds_config) not read: cannot read /etc/envoy/lds.yaml: no such file',
      loc: { file: 'conf/envoy.yaml', line: 4, column: 15 },
    });
  });

  it('an error inside the CDS file is located in that file', () => {
    const err = parseError(bootstrapYaml, 'conf/envoy.yaml', { 'conf/xds/cds.yaml': 'resources:\n- name: users\n  connect_timeout: 5\n' });
    expect(err.message).toMatch(/^conf\/xds\/cds\.yaml:3:20: cluster users: connect_timeout: bad duration 5:/);
  });
});

describe('file-based EDS', () => {
  const cds = `resources:
- "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster
  name: users
  type: EDS
  eds_cluster_config: { service_name: users-svc, eds_config: { path_config_source: { path: eds.yaml } } }
`;
  const eds = `version_info: "1"
resources:
- "@type": type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment
  cluster_name: other
  endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: 10.0.0.9, port_value: 1 } } } }] }]
- "@type": type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment
  cluster_name: users-svc
  endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: 10.0.0.7, port_value: 8080 } } } }] }]
`;

  it("an EDS cluster's members come from the file its eds_config names, by service name", () => {
    const model = parse(cds, 'xds/cds.yaml', { 'xds/eds.yaml': eds });
    const group = model.groups[0]!;
    expect(group.clusterType).toBe('EDS');
    expect(group.discovery).toBe('static');
    expect(group.targets.map((t) => [t.address, t.loc.file])).toEqual([['10.0.0.7:8080', 'xds/eds.yaml']]);
    expect(model.source.files).toEqual(['xds/cds.yaml', 'xds/eds.yaml']);
  });

  it('without the file the cluster stays dynamic, with a warning', () => {
    const model = parse(cds, 'xds/cds.yaml');
    expect(model.groups[0]!.discovery).toBe('dynamic');
    expect(model.groups[0]!.targets).toEqual([]);
    expect(model.notes.filter((n) => n.severity === 'warning').map((n) => n.message)).toEqual([
      'endpoints of users-svc from the file eds.yaml (eds_config) not read: cannot read xds/eds.yaml: no such file',
    ]);
  });
});

describe('RDS resource files', () => {
  it('a RouteConfiguration yields its routes, named after the route configuration', () => {
    const model = parse(`resources:
- "@type": type.googleapis.com/envoy.config.route.v3.RouteConfiguration
  name: main
  virtual_hosts:
  - { name: all, domains: ["*"], routes: [{ match: { prefix: / }, route: { cluster: users } }] }
`);
    expect(model.groups).toEqual([]);
    expect(model.routes.map((r) => [r.upstream, r.listener, r.match])).toEqual([['users', 'rds:main', { pathPrefix: '/' }]]);
  });
});

describe('admin config dumps', () => {
  it('a full /config_dump yields static and dynamic clusters, with their version', () => {
    const model = parse(
      JSON.stringify(
        {
          configs: [
            { '@type': 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump', bootstrap: {} },
            {
              '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
              static_clusters: [{ cluster: { name: 'xds', type: 'STATIC' } }],
              dynamic_active_clusters: [{ version_info: '7', cluster: { name: 'users', type: 'STRICT_DNS' }, last_updated: '2026-01-01T00:00:00Z' }],
            },
          ],
        },
        null,
        2,
      ),
      'dump.json',
    );
    expect(model.groups.map((g) => [g.name, g.params['version_info'] ?? null])).toEqual([
      ['xds', null],
      ['users', '7'],
    ]);
    expect(model.groups[1]!.loc.file).toBe('dump.json');
  });
});

describe('JSON input', () => {
  it('is YAML, so JSON elements are located by line and column too', () => {
    const json = '{\n  "static_resources": {\n    "clusters": [\n      {"name": "users", "connect_timeout": "soon"}\n    ]\n  }\n}\n';
    const err = parseError(json, 'envoy.json');
    expect(err.message).toBe(
      'envoy.json:4:44: cluster users: connect_timeout: bad duration "soon": Envoy durations are seconds with an "s" suffix (5s, 0.25s) or {seconds, nanos}',
    );
  });
});

describe('documents uh does not read', () => {
  it('Envoy v1 says which version was recognised', () => {
    const err = parseError('{"listeners": [{"address": "tcp://0.0.0.0:80", "filters": []}]}');
    expect(err.code).toBe('UH_CONFIG_UNSUPPORTED');
    expect(err.detail).toBe('Envoy v1 JSON config (listeners[].address URL) is not supported: uh reads Envoy v3 (v1 was removed in Envoy 1.8)');
  });

  it('an empty file is not an Envoy config', () => {
    expect(parseError('').detail).toMatch(/^not an Envoy config: .* found an empty document$/);
  });

  it('duplicate keys are a YAML error at the second key', () => {
    const err = parseError('static_resources:\n  clusters: []\n  clusters: []\n');
    expect(err.code).toBe('UH_CONFIG_PARSE');
    expect(err.message).toBe('envoy.yaml:3:3: duplicate key "clusters": keys of a mapping must be unique');
  });
});
