import { afterEach, describe, expect, it } from 'vitest';
import type { CauseId } from '../../src/causes/catalog.js';
import type { Diagnosis } from '../../src/diagnosis/types.js';
import { healthyServer, slowServer } from '../../src/demo/faults/http-servers.js';
import { startTlsServer } from '../../src/demo/faults/tls-servers.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import { diagnoseText, envoyRouteTo, summary } from './harness.js';

const servers: RunningFault[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function up(n: number, start: () => Promise<RunningFault> = healthyServer): Promise<RunningFault[]> {
  const started = await Promise.all(Array.from({ length: n }, start));
  servers.push(...started);
  return started;
}

const HEALTH = '    health: {active: {path: /health, interval: 10s, timeout: 3s}}\n';
const uhGroup = (addresses: readonly string[], extra = HEALTH): string =>
  `  app:\n    targets:\n${addresses.map((a) => `      - address: ${a}\n`).join('')}${extra}`;

const nginx = (servers: string, location = 'proxy_pass http://app;\n      proxy_http_version 1.1;') => `events {}
http {
  upstream app {
${servers}
  }
  server {
    listen 8080;
    location / {
      ${location}
    }
  }
}
`;

function expectFirst(d: Diagnosis, cause: CauseId, evidence: RegExp): void {
  expect(d.findings[0]?.cause, summary(d)).toBe(cause);
  expect(d.findings[0]!.evidence.join('\n'), summary(d)).toMatch(evidence);
}

function expectReported(d: Diagnosis, cause: CauseId, evidence: RegExp): void {
  const f = d.findings.find((x) => x.cause === cause);
  expect(f?.cause, summary(d)).toBe(cause);
  expect(f!.evidence.join('\n'), summary(d)).toMatch(evidence);
}

describe('e2e: config causes, from the file and from what was measured', () => {
  it('config-upstream-undefined (uh): a route to a group that does not exist', async () => {
    const [a, b] = await up(2);
    const d = await diagnoseText('uh', `upstreams:\n${uhGroup([a!.address, b!.address])}routes:\n  - {match: {path_prefix: /}, upstream: nope}\n`);
    expectFirst(d, 'config-upstream-undefined', /`nope`/);
    expect(d.verdict).toBe('no-healthy-upstream');
  });

  it('config-upstream-undefined (envoy): a route names a cluster that is not defined', async () => {
    const [a] = await up(1);
    const d = await diagnoseText('envoy', envoyRouteTo('nope', 'app', a!.port));
    expectFirst(d, 'config-upstream-undefined', /`nope`/);
  });

  it('config-all-members-down (nginx, uh): every member marked down, though the servers answer', async () => {
    const [a, b] = await up(2);
    const n = await diagnoseText('nginx', nginx(`    server ${a!.address} down;\n    server ${b!.address} down;`));
    expectFirst(n, 'config-all-members-down', /marked down/);
    expect(n.groups[0]!.verdict).toBe('no-healthy-upstream');
    const u = await diagnoseText('uh', `upstreams:\n  app:\n    targets:\n      - {address: ${a!.address}, down: true}\n${HEALTH}`);
    expectFirst(u, 'config-all-members-down', /marked down/);
  });

  it('config-no-health-check (nginx OSS): only passive max_fails', async () => {
    const [a, b] = await up(2);
    const d = await diagnoseText('nginx', nginx(`    server ${a!.address};\n    server ${b!.address};`));
    expectFirst(d, 'config-no-health-check', /passive|no health check/);
  });

  it('config-single-member (uh)', async () => {
    const [a] = await up(1);
    expectFirst(await diagnoseText('uh', `upstreams:\n${uhGroup([a!.address])}`), 'config-single-member', /one member/);
  });

  it('config-health-timeout-exceeds-interval (uh, envoy)', async () => {
    const [a, b] = await up(2);
    const u = await diagnoseText('uh', `upstreams:\n${uhGroup([a!.address, b!.address], '    health: {active: {path: /health, interval: 2s, timeout: 3s}}\n')}`);
    expectFirst(u, 'config-health-timeout-exceeds-interval', /3s ≥ interval 2s/);
    const e = await diagnoseText('envoy', `static_resources:
  clusters:
  - name: app
    type: STATIC
    load_assignment:
      cluster_name: app
      endpoints:
      - lb_endpoints:
        - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: ${a!.port}}}}
        - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: ${b!.port}}}}
    health_checks:
    - {timeout: 3s, interval: 2s, unhealthy_threshold: 2, healthy_threshold: 1, http_health_check: {path: /health}}
`);
    expectFirst(e, 'config-health-timeout-exceeds-interval', /3s ≥ interval 2s/);
  });

  it('config-dynamic-endpoints (envoy EDS): named, not probed', async () => {
    const d = await diagnoseText('envoy', `static_resources:
  clusters:
  - name: app
    type: EDS
    eds_cluster_config: {eds_config: {ads: {}}}
`);
    expectFirst(d, 'config-dynamic-endpoints', /EDS/);
    expect(d.groups[0]!.verdict).toBe('unknown');
  });

  it('config-no-resolver (nginx): a `resolve` member without a resolver', async () => {
    const d = await diagnoseText('nginx', nginx('    zone app 64k;\n    server app.test:8080 resolve;\n    server app.test:8081 resolve;'));
    expectFirst(d, 'config-no-resolver', /resolve/);
  });

  it('config-stale-dns (nginx): a host name resolved once at start-up', async () => {
    const [a, b] = await up(2);
    const d = await diagnoseText('nginx', nginx(`    server localhost:${a!.port};\n    server localhost:${b!.port};`),
      { hostsLines: ['127.0.0.1 localhost'] });
    expectReported(d, 'config-stale-dns', /localhost resolved once/);
    expect(d.groups[0]!.verdict).toBe('healthy');
  });

  it('config-tls-not-verified (nginx default proxy_ssl_verify off)', async () => {
    const [a, b] = await up(2, () => startTlsServer());
    const d = await diagnoseText('nginx', nginx(`    server ${a!.address};\n    server ${b!.address};`, 'proxy_pass https://app;\n      proxy_http_version 1.1;'));
    expectReported(d, 'config-tls-not-verified', /without verifying the certificate \(nginx default: proxy_ssl_verify off\)/);
  });

  it('config-upstream-http10 (nginx default proxy_http_version 1.0)', async () => {
    const [a, b] = await up(2);
    const d = await diagnoseText('nginx', nginx(`    server ${a!.address};\n    server ${b!.address};`, 'proxy_pass http://app;'));
    expectReported(d, 'config-upstream-http10', /HTTP\/1\.0/);
  });

  it('config-proxy-timeout-below-latency (uh): the request timeout is shorter than the measured answer', async () => {
    const slow = await up(2, () => slowServer(700));
    const d = await diagnoseText('uh', `upstreams:\n${uhGroup(slow.map((s) => s.address), `${HEALTH}    timeouts: {request: 200ms}\n`)}`);
    expectReported(d, 'config-proxy-timeout-below-latency', /answered in .*request timeout is 200\.0 ms/);
  });

  it('upstream-overloaded (uh): one target far slower than its peers', async () => {
    const fast = await up(2);
    // 3 s against loopback answers: far beyond 5× the peers even when a loaded CI box answers in 300 ms.
    const [slow] = await up(1, () => slowServer(3000));
    const d = await diagnoseText('uh', `upstreams:\n${uhGroup([...fast, slow!].map((s) => s.address), '    health: {active: {path: /health, interval: 30s, timeout: 10s}}\n')}`);
    const f = d.findings.find((x) => x.cause === 'upstream-overloaded');
    expect(f?.targets, summary(d)).toEqual([slow!.address]);
    expect(f!.evidence[0]).toMatch(/peers' median/);
  });
});
