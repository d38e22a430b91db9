/**
 * End-to-end harness: one upstream group described once, written as a real config in each format
 * that can express it (uh YAML, nginx, Envoy v3, HAProxy), loaded by the real parser, probed by the real
 * probes against real loopback servers, diagnosed. DNS only ever goes to a loopback server the
 * test started (or to a dead loopback port); the hosts file is the test's own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { runDiagnosis } from '../../src/diagnosis/run-diagnosis.js';
import type { CauseId } from '../../src/causes/catalog.js';
import type { Diagnosis, Finding } from '../../src/diagnosis/types.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import type { ConfigFormat, ResolverAddress } from '../../src/model/index.js';
import { hasHaproxy, haproxyCheck } from '../helpers/haproxy-check.js';

export interface UpstreamSpec {
  /** Resolvers the run queries (`--resolver`): a loopback DNS server the test started. */
  readonly resolvers?: readonly ResolverAddress[];
  /** host:port, as each config names the target. */
  readonly addresses: readonly string[];
  readonly protocol?: 'http1' | 'h2c' | 'grpc' | 'mcp';
  /** The gateway speaks TLS: verify against `caPem` with this SNI / verify name. */
  readonly tls?: { readonly caPem?: string; readonly sni?: string; readonly verify?: boolean; readonly minVersion?: 'TLSv1.3';
    /** nginx `proxy_ssl_name` without `proxy_ssl_server_name on`: verify this name, send no SNI. */
    readonly verifyName?: string };
  readonly health?: {
    readonly type?: 'http' | 'grpc' | 'mcp';
    readonly path?: string;
    /** Check timeout in ms (nginx: proxy_read_timeout, which its Plus health_check uses). */
    readonly timeoutMs?: number;
    readonly expectBody?: string;
  };
}

export type ConfigWriter = (spec: UpstreamSpec, caFile: string) => string;

const hostPort = (address: string): { host: string; port: string } => {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address)!;
  return { host: m[1]!, port: m[2]! };
};

export const uhYaml: ConfigWriter = (spec, caFile) => {
  const h = spec.health ?? {};
  const lines = [
    'upstreams:', '  app:', '    targets:', ...spec.addresses.map((a) => `      - address: ${a}`),
    `    protocol: ${spec.protocol ?? 'http1'}`,
    '    health:', '      active:',
    `        type: ${h.type ?? 'http'}`,
    ...(h.type === 'grpc' ? [] : [`        path: ${h.path ?? '/health'}`]),
    '        interval: 10s', `        timeout: ${h.timeoutMs ?? 3000}ms`,
    ...(h.expectBody ? [`        expect_body: ${JSON.stringify(h.expectBody)}`] : []),
  ];
  if (spec.tls) {
    lines.push('    tls:', `      verify: ${spec.tls.verify ?? true}`, `      ca: ${JSON.stringify(caFile)}`);
    if (spec.tls.sni) lines.push(`      sni: ${spec.tls.sni}`);
    if (spec.tls.minVersion) lines.push(`      min_version: ${spec.tls.minVersion}`);
  }
  lines.push('routes:', '  - match: {path_prefix: /}', '    upstream: app');
  return `${lines.join('\n')}\n`;
};

/** nginx with NGINX Plus `health_check` (the only nginx with active checks). */
export const nginxConf: ConfigWriter = (spec, caFile) => {
  const h = spec.health ?? {};
  const grpc = spec.protocol === 'grpc';
  const scheme = grpc ? (spec.tls ? 'grpcs' : 'grpc') : spec.tls ? 'https' : 'http';
  const tls = spec.tls ? [
    `proxy_ssl_verify ${spec.tls.verify === false ? 'off' : 'on'};`, `proxy_ssl_trusted_certificate ${caFile};`,
    ...(spec.tls.sni ? ['proxy_ssl_server_name on;', `proxy_ssl_name ${spec.tls.sni};`] : []),
    ...(spec.tls.minVersion ? [`proxy_ssl_protocols ${spec.tls.minVersion};`] : []),
    ...(spec.tls.verifyName ? [`proxy_ssl_name ${spec.tls.verifyName};`] : []),
  ] : [];
  return `events {}
http {
  upstream app {
    zone app 64k;
${spec.addresses.map((a) => `    server ${a};`).join('\n')}
  }
${h.expectBody ? `  match body_ok { status 200-399; body ~ "${h.expectBody}"; }\n` : ''}  server {
    listen 8080;
    location / {
      ${grpc ? 'grpc_pass' : 'proxy_pass'} ${scheme}://app;
      proxy_http_version 1.1;
      proxy_read_timeout ${h.timeoutMs ?? 3000}ms;
${tls.map((l) => `      ${l}`).join('\n')}
      health_check uri=${h.path ?? '/health'} interval=10s${h.expectBody ? ' match=body_ok' : ''};
    }
  }
}
`;
};

/** Envoy `common_tls_context` body: without a validation_context Envoy does not verify (`verify: false`). */
function envoyCommonTls(tls: NonNullable<UpstreamSpec['tls']>, caFile: string): string {
  const lines = [
    ...(tls.minVersion ? ['          tls_params: {tls_minimum_protocol_version: TLSv1_3}'] : []),
    ...(tls.verify === false ? [] : [
      '          validation_context:',
      `            trusted_ca: {filename: ${JSON.stringify(caFile)}}`,
      `            match_typed_subject_alt_names: [{san_type: DNS, matcher: {exact: ${tls.verifyName ?? 'localhost'}}}]`,
    ]),
  ];
  return lines.length === 0 ? ' {}' : `\n${lines.join('\n')}`;
}

/** Envoy v3 STATIC cluster with an active health check. */
export const envoyYaml: ConfigWriter = (spec, caFile) => {
  const h = spec.health ?? {};
  const check = h.type === 'grpc' ? '      grpc_health_check: {}'
    : `      http_health_check: {path: ${h.path ?? '/health'}}`;
  const h2 = spec.protocol === 'h2c' || spec.protocol === 'grpc' ? `    typed_extension_protocol_options:
      envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
        "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
        explicit_http_config: {http2_protocol_options: {}}
` : '';
  const tls = spec.tls ? `    transport_socket:
      name: envoy.transport_sockets.tls
      typed_config:
        "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
        ${spec.tls.sni ? `sni: ${spec.tls.sni}` : ''}
        common_tls_context:${envoyCommonTls(spec.tls, caFile)}
` : '';
  const type = spec.addresses.every((a) => /^[\d.]+:|^\[/.test(a)) ? 'STATIC' : 'STRICT_DNS';
  return `static_resources:
  clusters:
  - name: app
    type: ${type}
    connect_timeout: 2s
    load_assignment:
      cluster_name: app
      endpoints:
      - lb_endpoints:
${spec.addresses.map((a) => `        - endpoint: {address: {socket_address: {address: ${hostPort(a).host}, port_value: ${hostPort(a).port}}}}`).join('\n')}
    health_checks:
    - timeout: ${(h.timeoutMs ?? 3000) / 1000}s
      interval: 10s
      unhealthy_threshold: 3
      healthy_threshold: 2
${check}
${h2}${tls}`;
};

/** An Envoy v3 listener whose one HTTP route names `routeCluster`, and one STATIC cluster `cluster` on 127.0.0.1:`port`. */
export function envoyRouteTo(routeCluster: string, cluster: string, port: number): string {
  return `static_resources:
  listeners:
  - name: ingress
    address: {socket_address: {address: 127.0.0.1, port_value: 10000}}
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: ingress
          route_config:
            virtual_hosts:
            - name: all
              domains: ["*"]
              routes:
              - match: {prefix: /}
                route: {cluster: ${routeCluster}}
          http_filters:
          - name: envoy.filters.http.router
            typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
  clusters:
  - name: ${cluster}
    type: STATIC
    load_assignment:
      cluster_name: ${cluster}
      endpoints:
      - lb_endpoints:
        - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: ${port}}}}
`;
}

/**
 * HAProxy: a frontend routing to one backend whose servers carry `check`; `option httpchk` with
 * `http-check expect string` for a body; `ssl verify required ca-file … sni str(…)` for TLS
 * (HAProxy checks the name against the SNI it sends, or `verifyhost` alone); `proto h2` for h2c; a
 * `resolvers` section with the spec's nameservers, named by every server (run without --resolver).
 */
export const haproxyCfg: ConfigWriter = (spec, caFile) => {
  const h = spec.health ?? {};
  const t = spec.tls;
  const tls = t ? [
    'ssl', `verify ${t.verify === false ? 'none' : 'required'}`, `ca-file ${caFile}`,
    ...(t.sni ? [`sni str(${t.sni})`] : []), ...(t.verifyName ? [`verifyhost ${t.verifyName}`] : []),
    ...(t.minVersion ? [`ssl-min-ver ${t.minVersion}`] : []),
  ] : [];
  const proto = spec.protocol === 'h2c' ? ['proto h2'] : [];
  const named = spec.resolvers !== undefined && spec.resolvers.length > 0;
  // `init-addr last,libc,none`: the documented way to let HAProxy start while a name does not resolve yet.
  const dns = named ? ['resolvers dns', 'init-addr last,libc,none'] : [];
  const server = (a: string, i: number): string => ['    server', `s${i + 1}`, a, 'check inter 10s', ...dns, ...tls, ...proto].join(' ');
  const section = named ? `\nresolvers dns\n${spec.resolvers!.map((r, i) => `    nameserver ns${i + 1} ${r.host}:${r.port}`).join('\n')}\n` : '';
  return `defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout check ${h.timeoutMs ?? 3000}ms

frontend web
    bind 127.0.0.1:8080
    default_backend app

backend app
    option httpchk GET ${h.path ?? '/health'}
${h.expectBody ? `    http-check expect string ${h.expectBody}\n` : ''}${spec.addresses.map(server).join('\n')}
${section}`;
};

export const WRITERS: Readonly<Record<ConfigFormat, ConfigWriter>> = { uh: uhYaml, nginx: nginxConf, envoy: envoyYaml, haproxy: haproxyCfg };

export interface DiagnoseOptions {
  readonly hostsLines?: readonly string[];
  /** Default: a loopback port where nothing answers — never the system resolver. */
  readonly resolvers?: readonly ResolverAddress[];
  readonly samples?: number;
  /** Called with the written config file (its CA beside it) before it is removed. */
  readonly onWritten?: (file: string) => void;
}

/** Write `text` as a config in a temp dir, load it with the real parser, diagnose it, clean up. */
export async function diagnoseText(format: ConfigFormat, text: string, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'uh-e2e-'));
  try {
    const file = path.join(dir, format === 'nginx' ? 'nginx.conf' : format === 'haproxy' ? 'haproxy.cfg' : `${format}.yaml`);
    const hostsFile = path.join(dir, 'hosts');
    writeFileSync(file, text);
    writeFileSync(hostsFile, (options.hostsLines ?? []).join('\n') + '\n');
    options.onWritten?.(file);
    const config = loadConfig(file, { format });
    return await runDiagnosis(config, {
      hostsFile, resolvers: options.resolvers ?? [{ host: '127.0.0.1', port: 9 }],
      samples: options.samples ?? 1, timeoutMs: 3000, deadlineMs: 25_000, concurrency: 8,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Diagnose `spec` written in `format`, with the CA (if any) in a file next to it. */
export async function diagnoseSpec(format: ConfigFormat, spec: UpstreamSpec, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  const caDir = mkdtempSync(path.join(tmpdir(), 'uh-e2e-ca-'));
  try {
    const caFile = path.join(caDir, 'ca.pem');
    writeFileSync(caFile, spec.tls?.caPem ?? '');
    return await diagnoseText(format, WRITERS[format](spec, caFile), options);
  } finally {
    rmSync(caDir, { recursive: true, force: true });
  }
}

/** The first finding, with a readable failure message when the ranking is not what the test expects. */
export function first(d: Diagnosis): Finding {
  const top = d.findings[0];
  if (!top) throw new Error('no findings at all');
  return top;
}

/** One line per finding, for assertion messages. */
export function summary(d: Diagnosis): string {
  return d.findings.map((f) => `${f.rank}. ${f.cause} [${f.severity}] ${f.evidence.join(' | ')}`).join('\n');
}

/** One producible cause: how to start its fault, and the evidence that must name it. */
export interface FaultCase {
  readonly cause: CauseId;
  /** Formats that can express the fault. */
  readonly formats: readonly ConfigFormat[];
  /** Start the fault servers; return the group spec pointing at them. */
  readonly start: (servers: RunningFault[]) => Promise<UpstreamSpec>;
  readonly evidence: RegExp;
  readonly samples?: number;
  /** /etc/hosts lines for the run (e.g. `127.0.0.1 localhost` for name-based targets). */
  readonly hostsLines?: readonly string[];
  /** Assert only that the cause is reported (another cause rightly ranks first), not that it is first. */
  readonly present?: boolean;
  /** The severity the finding must carry (e.g. a warning where the gateway does not verify). */
  readonly severity?: Finding['severity'];
  readonly skip?: string;
  /** Tells two cases of one cause apart in the test name. */
  readonly label?: string;
}

/** Start two instances (so no single-member warning competes), and return their addresses. */
export async function two(servers: RunningFault[], start: () => Promise<RunningFault>): Promise<string[]> {
  const started = await Promise.all([start(), start()]);
  servers.push(...started);
  return started.map((s) => s.address);
}

/** Start one instance: the group has a single member, as many real groups do. */
export async function one(servers: RunningFault[], start: () => Promise<RunningFault>): Promise<string[]> {
  const started = await start();
  servers.push(started);
  return [started.address];
}

/** A test per case × format: real fault, real config, real parser, real probes; the first finding names the cause. */
export function defineCases(title: string, cases: readonly FaultCase[]): void {
  describe(title, () => {
    for (const c of cases) {
      for (const format of c.formats) {
        const grounded = format === 'haproxy' && hasHaproxy ? '; haproxy -c accepts the config' : '';
        it.skipIf(c.skip !== undefined)(`${c.cause}${c.label ? ` ${c.label}` : ''} (${format}${grounded})${c.skip ? ` — skipped: ${c.skip}` : ''}`, async () => {
          const servers: RunningFault[] = [];
          let verdict: ReturnType<typeof haproxyCheck> | undefined;
          try {
            const spec = await c.start(servers);
            const d = await diagnoseSpec(format, spec, {
              // HAProxy carries its nameservers in the file (a `resolvers` section): no --resolver then.
              ...(spec.resolvers ? { resolvers: format === 'haproxy' ? [] : spec.resolvers } : {}),
              ...(c.samples ? { samples: c.samples } : {}),
              ...(c.hostsLines ? { hostsLines: c.hostsLines } : {}),
              ...(grounded ? { onWritten: (file: string) => { verdict = haproxyCheck(file); } } : {}),
            });
            if (grounded) expect(verdict?.accepted, verdict?.alerts).toBe(true);
            const finding = c.present ? d.findings.find((f) => f.cause === c.cause) : first(d);
            expect(finding?.cause, summary(d)).toBe(c.cause);
            expect(finding!.evidence.join('\n'), summary(d)).toMatch(c.evidence);
            if (c.severity) expect(finding!.severity, summary(d)).toBe(c.severity);
          } finally {
            await Promise.all(servers.map((s) => s.close()));
          }
        });
      }
    }
  });
}
