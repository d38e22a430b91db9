/**
 * The cause catalog (CONTRACT.md §1): stable ids users and pipelines rely on. Data, not code:
 * rules and probes emit ids; titles, default severities and remediation come only from here.
 * Add ids; never rename one.
 */
export type Layer = 'config' | 'dns' | 'tcp' | 'tls' | 'service' | 'protocol' | 'gateway';
export type Severity = 'critical' | 'warning' | 'info';

/**
 * Diagnostic flow order: an earlier layer explains symptoms in later ones for the same target.
 * `gateway` (the running gateway's own view, CONTRACT §6) comes last: what uh sees directly on a
 * target explains what the gateway says about it, never the other way round.
 */
export const LAYER_ORDER: readonly Layer[] = ['config', 'dns', 'tcp', 'tls', 'service', 'protocol', 'gateway'];

export const CAUSE_IDS = [
  'config-parse-error',
  'config-upstream-undefined',
  'config-all-members-down',
  'config-no-health-check',
  'config-single-member',
  'config-health-timeout-exceeds-interval',
  'config-proxy-timeout-below-latency',
  'config-dynamic-endpoints',
  'config-no-resolver',
  'config-stale-dns',
  'config-tls-not-verified',
  'config-upstream-http10',
  'config-include-missing',
  'dns-nxdomain',
  'dns-no-answer',
  'dns-resolver-unreachable',
  'dns-inconsistent',
  'tcp-refused',
  'tcp-timeout',
  'tcp-unreachable',
  'tcp-reset',
  'tls-cert-expired',
  'tls-cert-not-yet-valid',
  'tls-cert-expiring',
  'tls-hostname-mismatch',
  'tls-untrusted',
  'tls-chain-incomplete',
  'tls-sni-required',
  'tls-client-cert-required',
  'tls-version-mismatch',
  'tls-to-plaintext',
  'plaintext-to-tls',
  'health-path-not-found',
  'health-auth-required',
  'health-status-mismatch',
  'health-body-mismatch',
  'health-timeout',
  'health-timeout-too-short',
  'upstream-overloaded',
  'upstream-flapping',
  'protocol-not-http',
  'protocol-h2-unsupported',
  'protocol-http1-to-h2-only',
  'protocol-grpc-not-serving',
  'protocol-mcp-version-mismatch',
  'protocol-mcp-handshake-failed',
  'gateway-no-endpoints',
  'gateway-view-disagrees',
  'gateway-outlier-ejected',
  'gateway-panic-routing',
  'gateway-target-draining',
  'gateway-hop-failure',
  'gateway-overflow',
] as const;

export type CauseId = (typeof CAUSE_IDS)[number];

export interface Cause {
  readonly id: CauseId;
  readonly layer: Layer;
  /** Default severity; a rule may lower it (e.g. an expired cert the gateway does not verify is a warning). */
  readonly severity: Severity;
  readonly title: string;
  readonly remediation: string;
  /** Relative to the package root. */
  readonly runbook: string;
}

type CauseSpec = Omit<Cause, 'id' | 'runbook'>;

const SPECS: Readonly<Record<CauseId, CauseSpec>> = {
  'config-parse-error': {
    layer: 'config', severity: 'critical', title: 'Config cannot be read',
    remediation: 'Fix the syntax at the reported file:line:column; run `nginx -t` / `envoy --mode validate` / `uh inspect` until it loads.',
  },
  'config-upstream-undefined': {
    layer: 'config', severity: 'critical', title: 'Route points at an undefined upstream',
    remediation: 'Define the upstream group/cluster the route names, or correct the name in proxy_pass / route.cluster (names are case-sensitive).',
  },
  'config-all-members-down': {
    layer: 'config', severity: 'critical', title: 'Every member is marked down or only backups exist',
    remediation: 'Put at least one primary member back in rotation: remove `down`/drain, give it a weight above 0, or add a primary server.',
  },
  'config-no-health-check': {
    layer: 'config', severity: 'warning', title: 'No active health check',
    remediation: 'Add an active check (Envoy health_checks, NGINX Plus health_check, uh health.active) so dead members are removed before users hit them.',
  },
  'config-single-member': {
    layer: 'config', severity: 'warning', title: 'Group has a single member',
    remediation: 'Run at least two members behind the group so one failure or deploy does not take the route down.',
  },
  'config-health-timeout-exceeds-interval': {
    layer: 'config', severity: 'warning', title: 'Health-check timeout is not below its interval',
    remediation: 'Make the check timeout shorter than the interval (e.g. interval 5s, timeout 1s) so checks do not overlap or pile up.',
  },
  'config-proxy-timeout-below-latency': {
    layer: 'config', severity: 'warning', title: 'Proxy timeout is below the measured latency',
    remediation: 'Raise the gateway read/request timeout above the upstream\'s real latency, or make the upstream faster; otherwise requests time out as 504s.',
  },
  'config-dynamic-endpoints': {
    layer: 'config', severity: 'info', title: 'Endpoints come from service discovery',
    remediation: 'The endpoints are not in the file and were not probed; check the discovery source (EDS/xDS server, registry) and run uh against a config dump.',
  },
  'config-no-resolver': {
    layer: 'config', severity: 'critical', title: 'Run-time resolution without a resolver',
    remediation: 'Add a `resolver` directive (nginx) or DNS resolver config in the scope that resolves the name at run time.',
  },
  'config-stale-dns': {
    layer: 'config', severity: 'warning', title: 'Host name resolved only at start-up',
    remediation: 'Re-resolve at run time: nginx `server host resolve;` with a `resolver` (and a zone), Envoy STRICT_DNS, or reload the gateway when addresses change.',
  },
  'config-tls-not-verified': {
    layer: 'config', severity: 'warning', title: 'Upstream TLS is not verified',
    remediation: 'Verify upstream certificates: nginx `proxy_ssl_verify on` with `proxy_ssl_trusted_certificate` and `proxy_ssl_name`; Envoy validation_context with trusted_ca.',
  },
  'config-upstream-http10': {
    layer: 'config', severity: 'info', title: 'nginx speaks HTTP/1.0 upstream',
    remediation: 'Add `proxy_http_version 1.1;` and `proxy_set_header Connection "";` with `keepalive` in the upstream to reuse connections.',
  },
  'config-include-missing': {
    layer: 'config', severity: 'warning', title: 'An included file is not here',
    remediation: 'Point `--nginx-prefix` at the folder that holds the included files (stock files such as `mime.types` ship with nginx), or add the file; run `uh diagnose --validate` for nginx\'s own strict verdict.',
  },
  'dns-nxdomain': {
    layer: 'dns', severity: 'critical', title: 'Name does not exist (NXDOMAIN)',
    remediation: 'Fix the host name in the config, or create the DNS record / service at the resolver the gateway uses.',
  },
  'dns-no-answer': {
    layer: 'dns', severity: 'critical', title: 'Name has no address record',
    remediation: 'Publish an A/AAAA record of the family the gateway asks for, or change the gateway\'s address family (ipv6=off, dns_lookup_family).',
  },
  'dns-resolver-unreachable': {
    layer: 'dns', severity: 'critical', title: 'Resolver unreachable or failing',
    remediation: 'Point the gateway at a working resolver (nginx `resolver`, Envoy dns_resolvers) and check the resolver process, firewall and its upstreams.',
  },
  'dns-inconsistent': {
    layer: 'dns', severity: 'warning', title: 'Resolvers disagree or /etc/hosts overrides DNS',
    remediation: 'Remove the stale /etc/hosts entry or make the resolvers agree (flush caches, fix split-horizon zones).',
  },
  'tcp-refused': {
    layer: 'tcp', severity: 'critical', title: 'Connection refused',
    remediation: 'Start the upstream process or fix the port: nothing listens at this address (`ss -ltnp` on the host).',
  },
  'tcp-timeout': {
    layer: 'tcp', severity: 'critical', title: 'Connect timed out',
    remediation: 'Check firewalls/security groups and routing between gateway and upstream, and that the host is up.',
  },
  'tcp-unreachable': {
    layer: 'tcp', severity: 'critical', title: 'Host or network unreachable',
    remediation: 'Fix routing to the upstream\'s network (routes, VPN, overlay network) or the address in the config.',
  },
  'tcp-reset': {
    layer: 'tcp', severity: 'critical', title: 'Connection reset after connect',
    remediation: 'Something accepts and drops the connection (crashing process, full accept queue, a proxy or firewall resetting): check the upstream\'s logs and limits.',
  },
  'tls-cert-expired': {
    layer: 'tls', severity: 'critical', title: 'Upstream certificate expired',
    remediation: 'Renew the upstream certificate and reload the upstream; automate renewal (cert-manager, ACME) with expiry alerts.',
  },
  'tls-cert-not-yet-valid': {
    layer: 'tls', severity: 'critical', title: 'Upstream certificate not yet valid',
    remediation: 'Check the clocks (NTP) on gateway and upstream, or reissue the certificate with a validity that has started.',
  },
  'tls-cert-expiring': {
    layer: 'tls', severity: 'warning', title: 'Upstream certificate expires soon',
    remediation: 'Renew the certificate before it expires and check that renewal is automated.',
  },
  'tls-hostname-mismatch': {
    layer: 'tls', severity: 'critical', title: 'Certificate does not cover the verified name',
    remediation: 'Issue a certificate whose SANs include the name the gateway verifies, or set the gateway\'s SNI/verify name (proxy_ssl_name, sni) to a name it covers.',
  },
  'tls-untrusted': {
    layer: 'tls', severity: 'critical', title: 'Certificate not trusted',
    remediation: 'Give the gateway the CA that issued the upstream certificate (proxy_ssl_trusted_certificate, trusted_ca, tls.ca), or use a certificate from a trusted CA.',
  },
  'tls-chain-incomplete': {
    layer: 'tls', severity: 'critical', title: 'Upstream serves an incomplete chain',
    remediation: 'Configure the upstream to send the full chain (leaf followed by intermediates).',
  },
  'tls-sni-required': {
    layer: 'tls', severity: 'critical', title: 'Upstream requires (another) SNI',
    remediation: 'Send the server name the upstream expects: nginx `proxy_ssl_server_name on` + `proxy_ssl_name`, Envoy `sni`/`auto_sni`, uh tls.sni.',
  },
  'tls-client-cert-required': {
    layer: 'tls', severity: 'critical', title: 'Upstream requires a client certificate',
    remediation: 'Configure the gateway\'s client certificate (proxy_ssl_certificate/_key, tls_certificates) signed by a CA the upstream trusts.',
  },
  'tls-version-mismatch': {
    layer: 'tls', severity: 'critical', title: 'No common TLS version or cipher',
    remediation: 'Align TLS versions and ciphers between gateway (proxy_ssl_protocols, tls_params) and upstream.',
  },
  'tls-to-plaintext': {
    layer: 'tls', severity: 'critical', title: 'Gateway speaks TLS to a plain-text port',
    remediation: 'Use http:// (no TLS) for this upstream, or point the gateway at the upstream\'s TLS port.',
  },
  'plaintext-to-tls': {
    layer: 'tls', severity: 'critical', title: 'Gateway speaks plain text to a TLS port',
    remediation: 'Enable TLS to this upstream (https:// in proxy_pass, an UpstreamTlsContext, uh tls:) or use its plain-text port.',
  },
  'health-path-not-found': {
    layer: 'service', severity: 'critical', title: 'Health path not found',
    remediation: 'Point the health check at a path the upstream serves (e.g. /healthz), or add that endpoint to the service.',
  },
  'health-auth-required': {
    layer: 'service', severity: 'critical', title: 'Health endpoint requires authentication',
    remediation: 'Exclude the health path from authentication, or configure the check to send the needed credentials.',
  },
  'health-status-mismatch': {
    layer: 'service', severity: 'critical', title: 'Health endpoint answers an unaccepted status',
    remediation: 'Read the body excerpt: a 5xx usually names a failed dependency (database, cache). Fix it, or widen the accepted statuses if the code is expected.',
  },
  'health-body-mismatch': {
    layer: 'service', severity: 'critical', title: 'Health body does not match',
    remediation: 'Align the expected body (match/expect_body) with what the service returns, or fix the service state it reports.',
  },
  'health-timeout': {
    layer: 'service', severity: 'critical', title: 'Upstream accepts but never answers',
    remediation: 'The process is hung or exhausted (deadlock, thread/connection pool, GC): check its logs, thread dumps and pools; restart and fix the cause.',
  },
  'health-timeout-too-short': {
    layer: 'service', severity: 'warning', title: 'Health-check timeout too short',
    remediation: 'The upstream answers, but slower than the check allows: raise the check timeout above its real latency or make the health endpoint cheaper.',
  },
  'upstream-overloaded': {
    layer: 'service', severity: 'warning', title: 'Upstream overloaded',
    remediation: 'Scale out or shed load: the upstream answers 429/503 with Retry-After or is far slower than its peers.',
  },
  'upstream-flapping': {
    layer: 'service', severity: 'warning', title: 'Upstream is flapping',
    remediation: 'Samples alternate between pass and fail: look for restarts, resource limits or a dependency that comes and goes; raise rise/fall to damp it.',
  },
  'protocol-not-http': {
    layer: 'protocol', severity: 'critical', title: 'Port does not speak HTTP',
    remediation: 'Another service listens on this port: fix the port in the config or the upstream\'s listen address.',
  },
  'protocol-h2-unsupported': {
    layer: 'protocol', severity: 'critical', title: 'Gateway speaks h2 to an HTTP/1.1-only upstream',
    remediation: 'Speak HTTP/1.1 to this upstream (drop http2_protocol_options / grpc_pass), or enable h2 on the upstream.',
  },
  'protocol-http1-to-h2-only': {
    layer: 'protocol', severity: 'critical', title: 'Gateway speaks HTTP/1.1 to an h2-only upstream',
    remediation: 'Speak h2 to this upstream (Envoy http2_protocol_options, nginx grpc_pass, uh protocol: h2c/grpc), or enable HTTP/1.1 on it.',
  },
  'protocol-grpc-not-serving': {
    layer: 'protocol', severity: 'critical', title: 'gRPC health is not SERVING',
    remediation: 'The gRPC server reports NOT_SERVING/unknown service/unimplemented: check the service name in the check and the server\'s health registration.',
  },
  'protocol-mcp-version-mismatch': {
    layer: 'protocol', severity: 'critical', title: 'MCP protocol version mismatch',
    remediation: 'Upgrade the MCP server or client so both support a common protocol revision.',
  },
  'protocol-mcp-handshake-failed': {
    layer: 'protocol', severity: 'critical', title: 'MCP initialize failed',
    remediation: 'The endpoint does not complete the MCP `initialize` handshake: check the path, the transport (Streamable HTTP vs legacy SSE) and the server\'s logs.',
  },
  'gateway-no-endpoints': {
    layer: 'gateway', severity: 'critical', title: 'The running gateway holds no members',
    remediation: 'The group is empty at run time: check the discovery source (EDS/xDS server, DNS answer, Kubernetes selector and endpoints) rather than the targets.',
  },
  'gateway-view-disagrees': {
    layer: 'gateway', severity: 'critical', title: 'Gateway checks fail where uh\'s identical check passes',
    remediation: 'Make the gateway\'s check match what the target accepts (Host header, path, protocol, TLS identity) or fix the network path/policy from the gateway\'s host; run the check by hand from the gateway.',
  },
  'gateway-outlier-ejected': {
    layer: 'gateway', severity: 'warning', title: 'Gateway ejected targets whose health checks pass',
    remediation: 'Live traffic fails on these targets (5xx, resets, timeouts) although the health endpoint passes: read the gateway\'s access log and the target\'s errors; make the health check exercise what requests use.',
  },
  'gateway-panic-routing': {
    layer: 'gateway', severity: 'critical', title: 'Gateway routes to unhealthy targets (panic)',
    remediation: 'Too few targets are healthy, so the gateway spreads traffic over all of them: restore healthy capacity first; review the panic threshold (Envoy healthy_panic_threshold).',
  },
  'gateway-target-draining': {
    layer: 'gateway', severity: 'warning', title: 'Target draining or in maintenance',
    remediation: 'An operator or the control plane took the target out of rotation: finish the drain/maintenance and set it ready again (HAProxy `set server … state ready`, EDS HEALTHY, NGINX Plus API).',
  },
  'gateway-hop-failure': {
    layer: 'gateway', severity: 'critical', title: 'Requests fail in the gateway hop',
    remediation: 'Every target passes directly, but requests through the gateway fail: check the route (host/path match, upstream name), the gateway\'s own connectivity and resolver, and its limits.',
  },
  'gateway-overflow': {
    layer: 'gateway', severity: 'warning', title: 'Gateway refuses for its own limits',
    remediation: 'Requests are refused by the gateway\'s limits (Envoy circuit breakers, HAProxy maxconn/queue timeout, nginx max_conns), not by unhealthy targets: raise the limit or add capacity.',
  },
};

export const CATALOG: ReadonlyMap<CauseId, Cause> = new Map(
  CAUSE_IDS.map((id) => [id, { id, ...SPECS[id], runbook: `runbooks/${id}.md` }]),
);

export function cause(id: CauseId): Cause {
  return CATALOG.get(id)!;
}

export function isCauseId(text: string): text is CauseId {
  return (CAUSE_IDS as readonly string[]).includes(text);
}
