/**
 * What Envoy speaks to a cluster follows from the listeners that reach it: HTTP routes (and
 * tcp_proxy tunneling over HTTP CONNECT) speak HTTP; network filters alone carry raw bytes (TCP).
 */
import { describe, expect, it } from 'vitest';
import { parse } from './parse-helper.js';

const clusters = (...names: string[]) => `  clusters:
${names.map((n) => `  - name: ${n}
    type: STATIC
    load_assignment:
      cluster_name: ${n}
      endpoints:
      - lb_endpoints:
        - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 7000}}}
`).join('')}`;

const listener = (name: string, filter: string, type: string, body: string) => `  - name: ${name}
    address: {socket_address: {address: 0.0.0.0, port_value: 9000}}
    filter_chains:
    - filters:
      - name: envoy.filters.network.${filter}
        typed_config:
          "@type": type.googleapis.com/${type}
          stat_prefix: ${name}
${body}`;

const TCP = 'envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy';
const HCM = 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
const hcmTo = (cluster: string) => `          route_config:
            virtual_hosts:
            - name: all
              domains: ["*"]
              routes:
              - match: {prefix: /}
                route: {cluster: ${cluster}}
`;

const protocols = (text: string) => Object.fromEntries(parse(text).groups.map((g) => [g.name, g.protocol]));

describe('Envoy listener roles', () => {
  it('tcp_proxy only → tcp; an HTTP route → http1; both → http1 (the HTTP reference needs the HTTP probe); unreferenced → http1', () => {
    const text = `static_resources:
  listeners:
${listener('raw', 'tcp_proxy', TCP, '          cluster: raw\n')}${listener('both', 'tcp_proxy', TCP, '          cluster: both\n')}${listener('web', 'http_connection_manager', HCM, hcmTo('web'))}${listener('web2', 'http_connection_manager', HCM, hcmTo('both'))}${clusters('raw', 'web', 'both', 'lonely')}`;
    expect(protocols(text)).toEqual({ raw: 'tcp', web: 'http1', both: 'http1', lonely: 'http1' });
  });

  it('tcp_proxy with tunneling_config carries the stream over HTTP CONNECT: http1', () => {
    const text = `static_resources:
  listeners:
${listener('tunnel', 'tcp_proxy', TCP, '          cluster: proxy\n          tunneling_config: {hostname: "db.internal:5432"}\n')}${clusters('proxy')}`;
    expect(protocols(text)).toEqual({ proxy: 'http1' });
  });

  it('weighted tcp_proxy clusters, thrift_proxy and dubbo_proxy routes are network references: tcp', () => {
    const text = `static_resources:
  listeners:
${listener('split', 'tcp_proxy', TCP, '          weighted_clusters: {clusters: [{name: a, weight: 1}, {name: b, weight: 1}]}\n')}${listener('thrift', 'thrift_proxy', 'envoy.extensions.filters.network.thrift_proxy.v3.ThriftProxy', `          route_config:
            routes:
            - match: {method_name: ""}
              route: {cluster: t}
`)}${listener('dubbo', 'dubbo_proxy', 'envoy.extensions.filters.network.dubbo_proxy.v3.DubboProxy', `          route_config:
          - interface: org.apache.dubbo.demo.DemoService
            routes:
            - match: {method: {name: {exact: sayHello}}}
              route: {cluster: d}
`)}${clusters('a', 'b', 't', 'd')}`;
    const model = parse(text);
    expect(model.routes.map((r) => [r.upstream, r.via])).toEqual([
      ['a', 'tcp_proxy.weighted_clusters'], ['b', 'tcp_proxy.weighted_clusters'], ['t', 'thrift_proxy.route.cluster'], ['d', 'dubbo_proxy.route.cluster'],
    ]);
    expect(protocols(text)).toEqual({ a: 'tcp', b: 'tcp', t: 'tcp', d: 'tcp' });
  });
});
