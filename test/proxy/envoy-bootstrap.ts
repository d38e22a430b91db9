/** An Envoy v3 bootstrap as its docs write one: a listener with an HTTP connection manager routing / to cluster `web`. */
export function envoyBootstrap(o: { listenPort: number; endpoints: readonly string[]; route?: string; cluster?: string }): string {
  const endpoints = o.endpoints
    .map((a) => {
      const [host, port] = a.split(':');
      return `        - endpoint:
            address:
              socket_address: { address: ${host}, port_value: ${port} }`;
    })
    .join('\n');
  return `static_resources:
  listeners:
  - name: ingress
    address:
      socket_address: { address: 127.0.0.1, port_value: ${o.listenPort} }
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: ingress
          http_filters:
          - name: envoy.filters.http.router
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
          route_config:
            virtual_hosts:
            - name: all
              domains: ["*"]
              routes:
              - match: { prefix: "/" }
                route:
                  cluster: web
${(o.route ?? '').replace(/^/gm, '                  ').replace(/^\s+$/gm, '')}
  clusters:
  - name: web
    connect_timeout: 1s
    type: STATIC
${(o.cluster ?? '').replace(/^/gm, '    ').replace(/^\s+$/gm, '')}
    load_assignment:
      cluster_name: web
      endpoints:
      - lb_endpoints:
${endpoints}
`;
}
