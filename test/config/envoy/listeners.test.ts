/**
 * Routes tell diagnose which clusters traffic reaches, and which references lead nowhere
 * (`config-upstream-undefined`): those must be kept, never thrown away or thrown as errors.
 */
import { describe, expect, it } from 'vitest';
import { parse } from './parse-helper.js';

const HCM = 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';

const listener = (routeConfig: string): string => `static_resources:
  listeners:
  - name: ingress
    address: { socket_address: { address: 0.0.0.0, port_value: 8080 } }
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": ${HCM}
          stat_prefix: ingress
${routeConfig}  clusters:
  - name: users
`;

describe('http_connection_manager routes', () => {
  const model = parse(
    listener(`          route_config:
            virtual_hosts:
            - name: api
              domains: [api.example.com]
              routes:
              - match: { prefix: /users }
                route: { cluster: users }
              - match: { path: /orders }
                route: { cluster: orders }
              - match: { safe_regex: { regex: "^/v[0-9]+/" } }
                route:
                  weighted_clusters:
                    clusters:
                    - { name: users, weight: 90 }
                    - { name: users-canary, weight: 10 }
                  request_mirror_policies:
                  - cluster: users-shadow
              - match: { prefix: / }
                direct_response: { status: 404 }
`),
  );

  it('each cluster reference becomes a route with its match, host and listener', () => {
    expect(model.routes.map((r) => [r.upstream, r.via, r.weight, r.match, r.listener])).toEqual([
      ['users', 'route.cluster', undefined, { pathPrefix: '/users', host: 'api.example.com' }, 'ingress'],
      ['orders', 'route.cluster', undefined, { path: '/orders', host: 'api.example.com' }, 'ingress'],
      ['users', 'route.weighted_clusters', 90, { pathRegex: '^/v[0-9]+/', host: 'api.example.com' }, 'ingress'],
      ['users-canary', 'route.weighted_clusters', 10, { pathRegex: '^/v[0-9]+/', host: 'api.example.com' }, 'ingress'],
      ['users-shadow', 'route.request_mirror_policies', undefined, { pathRegex: '^/v[0-9]+/', host: 'api.example.com' }, 'ingress'],
    ]);
  });

  it('a route to an undefined cluster is kept, located at the cluster name', () => {
    const orders = model.routes.find((r) => r.upstream === 'orders')!;
    expect(model.groups.map((g) => g.name)).toEqual(['users']);
    expect(orders.loc).toEqual({ file: 'envoy.yaml', line: 19, column: 35 });
  });
});

describe('route timeouts', () => {
  it("a cluster's request timeout is the shortest route timeout reaching it (Envoy default 15s, 0s = none)", () => {
    const model = parse(
      listener(`          route_config:
            virtual_hosts:
            - name: api
              domains: ["*"]
              routes:
              - { match: { prefix: /slow }, route: { cluster: users, timeout: 60s } }
              - { match: { prefix: /fast }, route: { cluster: users, timeout: 2.5s } }
              - { match: { prefix: /stream }, route: { cluster: stream, timeout: 0s } }
              - { match: { prefix: / }, route: { cluster: other } }
`).replace('  - name: users\n', '  - name: users\n  - name: stream\n  - name: other\n'),
    );
    expect(model.groups.map((g) => [g.name, g.timeouts.requestMs])).toEqual([
      ['users', 2500],
      ['stream', undefined],
      ['other', 15_000],
    ]);
  });
});

describe('routes decided at run time', () => {
  it('RDS is noted: the routes are not in the file', () => {
    const model = parse(listener('          rds: { route_config_name: main, config_source: { ads: {} } }\n'));
    expect(model.routes).toEqual([]);
    expect(model.notes.map((n) => n.message)).toContain('listener ingress: routes come from RDS (main), not from this file');
  });

  it('file-based RDS is read from the file the listener names', () => {
    const rds = `resources:
- "@type": type.googleapis.com/envoy.config.route.v3.RouteConfiguration
  name: main
  virtual_hosts: [{ name: all, domains: ["*"], routes: [{ match: { prefix: /api }, route: { cluster: api } }] }]
`;
    const model = parse(listener('          rds: { route_config_name: main, config_source: { path_config_source: { path: rds.yaml } } }\n'), 'conf/envoy.yaml', {
      'conf/rds.yaml': rds,
    });
    expect(model.routes.map((r) => [r.upstream, r.listener, r.loc.file])).toEqual([['api', 'ingress', 'conf/rds.yaml']]);
    expect(model.source.files).toEqual(['conf/envoy.yaml', 'conf/rds.yaml']);
  });

  it('cluster_header is noted, not guessed', () => {
    const model = parse(
      listener(`          route_config:
            virtual_hosts:
            - { name: any, domains: ["*"], routes: [{ match: { prefix: / }, route: { cluster_header: x-cluster } }] }
`),
    );
    expect(model.routes).toEqual([]);
    expect(model.notes.map((n) => n.message)).toContain('route cluster chosen per request by cluster_header: not checked');
  });
});

describe('tcp_proxy', () => {
  it('names its cluster as a route without an HTTP match', () => {
    const model = parse(`static_resources:
  listeners:
  - address: { socket_address: { address: 0.0.0.0, port_value: 5432 } }
    filter_chains:
    - filters:
      - name: envoy.filters.network.tcp_proxy
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
          stat_prefix: pg
          cluster: postgres
`);
    expect(model.routes.map((r) => [r.upstream, r.via, r.match, r.listener])).toEqual([['postgres', 'tcp_proxy.cluster', {}, 'listener_0']]);
  });
});
