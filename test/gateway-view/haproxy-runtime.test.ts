/**
 * Debian's real HAProxy, a stats socket in a temp dir, in front of real faulty upstreams: uh reads
 * its `show stat` / `show servers state` and holds what HAProxy says against its own probes.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { runDiagnosis } from '../../src/diagnosis/run-diagnosis.js';
import type { Diagnosis } from '../../src/diagnosis/types.js';
import { failingDependencyServer, hangingServer, healthyServer, startHttpServer, wrongHealthPathServer } from '../../src/demo/faults/http-servers.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import { startTlsServer } from '../../src/demo/faults/tls-servers.js';
import { unixCommand } from '../../src/gateway-view/bounded-io.js';
import { parseHaproxyCsv } from '../../src/gateway-view/haproxy-csv.js';
import { haproxyRuntimeSource } from '../../src/gateway-view/haproxy-runtime.js';
import { haproxyStatsSource } from '../../src/gateway-view/haproxy-stats-page.js';
import { runUh } from '../cli/helpers.js';
import { hostsFile } from '../helpers/probe-context.js';
import { closedAfterEach } from '../helpers/running-faults.js';
import type { RunningGateway } from '../helpers/real-gateway.js';
import { HAPROXY, freePort, has, startGateway, until } from '../helpers/real-gateway.js';

const faults = closedAfterEach();
let gateways: RunningGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.map((g) => g.stop()));
  gateways = [];
});

const ctx = () => ({ signal: new AbortController().signal, timeoutMs: 3000, maxBytes: 1 << 20, sinceMs: 0, now: () => Date.now() });

async function startHaproxy(backends: string, files: Record<string, string> = {}, statsLines: string[] = [], frontendLines: string[] = []): Promise<{ gateway: RunningGateway; socket: string; port: number; statsPort: number }> {
  const port = await freePort();
  const statsPort = await freePort();
  const gateway = startGateway(HAPROXY, (dir) => ['-f', path.join(dir, 'haproxy.cfg'), '-db'], {
    'haproxy.cfg': [
      'global',
      '  stats socket {dir}/admin.sock mode 600 level user',
      'defaults',
      '  mode http',
      '  timeout connect 1s',
      '  timeout client 5s',
      '  timeout server 5s',
      '  timeout check 500ms',
      '  default-server inter 200ms downinter 5s fall 1 rise 1',
      'frontend web',
      `  bind 127.0.0.1:${port}`,
      ...frontendLines,
      '  default_backend app',
      'frontend stats',
      `  bind 127.0.0.1:${statsPort}`,
      '  stats enable',
      '  stats uri /stats',
      ...statsLines,
      backends,
    ].join('\n') + '\n',
    ...files,
  });
  gateways.push(gateway);
  const socket = path.join(gateway.dir, 'admin.sock');
  // Wait for HAProxy's own verdicts: every checked server has concluded a check (no INI, none under way at UP n/m).
  await until('every HAProxy check to conclude', async () => {
    const stat = await unixCommand(socket, 'show stat', ctx());
    if (!stat.ok) return undefined;
    const servers = parseHaproxyCsv(stat.text)!.rows.filter((r) => r.get('type') === '2');
    const settled = servers.every((r) => !/INI|^$/.test((r.get('check_status') ?? '').replace('* ', '')) || /MAINT|no check/.test(r.get('status') ?? ''));
    return settled && servers.every((r) => !/ \d+\/\d+$/.test(r.get('status') ?? '')) ? true : undefined;
  }, gateway);
  return { gateway, socket, port, statsPort };
}

function finding(d: Diagnosis, target: string) {
  return d.findings.filter((f) => f.targets.includes(target));
}

describe.skipIf(!has(HAPROXY))('HAProxy runtime API (Debian haproxy, real stats socket) in front of faulty upstreams', () => {
  it('uh\'s reading of show stat names each fault, and each layered finding carries HAProxy\'s words', async () => {
    const refused = await refusedPort();
    const hang = await faults.start(hangingServer());
    const error = await faults.start(failingDependencyServer(500));
    const wrongPath = await faults.start(wrongHealthPathServer());
    const parked = await faults.start(healthyServer());
    const expired = await faults.start(startTlsServer({ cert: 'expired' }));
    const { gateway, socket } = await startHaproxy([
      'backend app',
      '  option httpchk GET /health',
      `  server refused 127.0.0.1:${refused} check`,
      `  server hang ${hang.address} check`,
      `  server error ${error.address} check`,
      `  server wrongpath ${wrongPath.address} check`,
      `  server parked ${parked.address} check disabled`,
      'backend secure',
      '  option httpchk GET /health',
      `  server expired ${expired.address} check ssl verify required ca-file {dir}/ca.pem`,
    ].join('\n'), { 'ca.pem': expired.caPem! });
    await until('the TLS check to fail on the expired certificate', async () => {
      const stat = await unixCommand(socket, 'show stat', ctx());
      return stat.ok && /secure,expired,.*DOWN/.test(stat.text) ? true : undefined;
    }, gateway);

    const uhYaml = path.join(gateway.dir, 'uh.yaml');
    writeFileSync(uhYaml, [
      'upstreams:',
      '  app:',
      '    health: {active: {path: /health, timeout: 500ms}}',
      '    targets:',
      ...[`127.0.0.1:${refused}`, hang.address, error.address, wrongPath.address, parked.address].map((a) => `      - address: ${a}`),
      '  secure:',
      `    tls: {ca: ${path.join(gateway.dir, 'ca.pem')}}`,
      '    health: {active: {path: /health, timeout: 500ms}}',
      '    targets:',
      `      - address: ${expired.address}`,
    ].join('\n') + '\n');

    const d = await runDiagnosis(loadConfig(uhYaml), {
      hostsFile: hostsFile(), samples: 1, patience: 1,
      gateway: { admin: [`unix:${socket}`], logs: [], sinceMs: 15 * 60_000 },
    });
    const words = (address: string, cause: string) => finding(d, address).find((f) => f.cause === cause)?.evidence.join('\n') ?? `(no ${cause} on ${address}: ${JSON.stringify(finding(d, address).map((f) => f.cause))})`;
    expect(words(`127.0.0.1:${refused}`, 'tcp-refused')).toMatch(/haproxy runtime app\/refused: DOWN L4CON Connection refused since .* · uh: tcp connect ECONNREFUSED/);
    expect(words(hang.address, 'health-timeout')).toMatch(/haproxy runtime app\/hang: DOWN L7TOUT/);
    expect(words(error.address, 'health-status-mismatch')).toMatch(/haproxy runtime app\/error: DOWN L7STS 500/);
    expect(words(wrongPath.address, 'health-path-not-found')).toMatch(/haproxy runtime app\/wrongpath: DOWN L7STS 404/);
    expect(words(expired.address, 'tls-cert-expired')).toMatch(/haproxy runtime secure\/expired: DOWN L6RSP/);
    expect(words(parked.address, 'gateway-target-draining')).toMatch(/haproxy runtime app\/parked: MAINT \(disabled in the config\)/);
    // Agreement is never reported as a disagreement.
    expect(d.findings.map((f) => f.cause)).not.toContain('gateway-view-disagrees');
    const app = d.groups.find((g) => g.name === 'app')!;
    expect(app.gateway).toEqual({ members: 5, healthy: 0, panic: false });
    expect(app.targets.find((t) => t.address === parked.address)!.gateway).toMatchObject({ source: 'haproxy-runtime', state: 'maint', flags: ['maint', 'config-maint'] });
    expect(d.gateway!.sources).toEqual([expect.objectContaining({ source: 'haproxy-runtime', outcome: 'read', groups: 2, targets: 6 })]);
  });

  it('a target that passes uh\'s check but fails HAProxy\'s (its check sends a Host the target rejects) is gateway-view-disagrees naming the Host header', async () => {
    const picky = await faults.start(startHttpServer((req, res) => {
      const ok = req.headers.host === undefined || req.headers.host.startsWith('127.0.0.1');
      res.writeHead(ok ? 200 : 400, { 'content-type': 'text/plain' });
      res.end(ok ? 'ok\n' : 'unknown host\n');
    }));
    const { gateway, socket } = await startHaproxy([
      'backend app',
      '  option httpchk GET /health',
      '  http-check send hdr Host users.example',
      `  server picky ${picky.address} check`,
    ].join('\n'));
    const uhYaml = path.join(gateway.dir, 'uh.yaml');
    writeFileSync(uhYaml, `upstreams:\n  app:\n    health: {active: {path: /health}}\n    targets:\n      - address: ${picky.address}\n`);
    const d = await runDiagnosis(loadConfig(uhYaml), {
      hostsFile: hostsFile(), samples: 1, gateway: { admin: [`unix:${socket}`], logs: [], sinceMs: 900_000 },
    });
    const f = d.findings.find((x) => x.cause === 'gateway-view-disagrees');
    expect(f, JSON.stringify(d.findings, null, 2)).toBeDefined();
    expect(f!.evidence[0]).toMatch(/^haproxy runtime app\/picky: DOWN L7STS 400 Bad Request .* · uh: http GET \/health → 200/);
    expect(f!.evidence.join('\n')).toMatch(/differs — Host header: the gateway's check got 400 .*uh sent GET \/health with Host: 127\.0\.0\.1:\d+ and got 200/);
  });

  it('uh diagnose --admin http://…/stats reads the stats page\'s ;csv (kind detected from the URL) and every format says which source said what', async () => {
    const refused = await refusedPort();
    const up = await faults.start(healthyServer());
    const { gateway, statsPort } = await startHaproxy([
      'backend app',
      '  option httpchk GET /health',
      `  server dead 127.0.0.1:${refused} check`,
      `  server live ${up.address} check`,
    ].join('\n'), {}, ['  stats show-legends']);
    const uhYaml = path.join(gateway.dir, 'uh.yaml');
    writeFileSync(uhYaml, `upstreams:\n  app:\n    health: {active: {path: /health}}\n    targets:\n      - address: 127.0.0.1:${refused}\n      - address: ${up.address}\n`);
    const admin = `http://127.0.0.1:${statsPort}/stats`;
    const json = await runUh(['diagnose', uhYaml, '--admin', admin, '--format', 'json', '--samples', '1', '--hosts-file', hostsFile()]);
    expect(json.code, json.stderr).toBe(1);
    const doc = JSON.parse(json.stdout) as {
      groups: { targets: { address: string; gateway?: unknown }[]; gateway?: unknown }[];
      findings: { cause: string; evidence: string[] }[];
      gateway: { sources: unknown[] };
    };
    expect(doc.gateway.sources).toEqual([{ source: 'haproxy-stats', endpoint: admin, outcome: 'read', groups: 1, targets: 2, notes: [] }]);
    expect(doc.groups[0]!.gateway).toEqual({ members: 2, healthy: 1, panic: false });
    expect(doc.groups[0]!.targets.find((t) => t.address === up.address)!.gateway).toEqual({ source: 'haproxy-stats', state: 'healthy', flags: [], detail: expect.stringMatching(/^UP L7OK/) });
    expect(doc.findings.find((f) => f.cause === 'tcp-refused')!.evidence.join('\n')).toMatch(/haproxy stats app\/dead: DOWN L4CON Connection refused/);
    const table = await runUh(['diagnose', uhYaml, '--admin', admin, '--samples', '1', '--hosts-file', hostsFile()]);
    expect(table.stdout).toContain('The gateway\'s own view:');
    expect(table.stdout.replace(/\s+/g, " ")).toMatch(new RegExp(`app → 127\\.0\\.0\\.1:${refused}: haproxy stats: unhealthy DOWN L4CON \\d* ?Connection refused · uh: tcp connect ECONNREFUSED`));
    const markdown = await runUh(['diagnose', uhYaml, '--admin', admin, '--format', 'markdown', '--samples', '1', '--hosts-file', hostsFile()]);
    expect(markdown.stdout).toContain('### The gateway\'s own view');
  });

  it('the stats page without show-legends hides server addresses: uh says so instead of matching wrongly', async () => {
    const up = await faults.start(healthyServer());
    const { statsPort } = await startHaproxy(`backend app\n  server live ${up.address} check\n`);
    const view = await haproxyStatsSource(`http://127.0.0.1:${statsPort}/stats`, ctx());
    expect(view.outcome).toBe('read');
    expect(view.targets.map((t) => [t.name, t.address, t.state])).toEqual([['live', '', 'healthy']]);
    expect(view.notes).toEqual(['the stats page hides the address of 1 server(s): add `stats show-legends` to its section, or read the runtime API (--admin unix:/path), so uh can match them to targets']);
  });

  it('--through with every target down: HAProxy answers 503 "No server is available", read as no healthy upstream for the route', async () => {
    const refused = await refusedPort();
    const { gateway, port } = await startHaproxy(`backend app\n  option httpchk GET /health\n  server dead 127.0.0.1:${refused} check\n`);
    const uhYaml = path.join(gateway.dir, 'uh.yaml');
    writeFileSync(uhYaml, `upstreams:\n  app:\n    health: {active: {path: /health}}\n    targets:\n      - address: 127.0.0.1:${refused}\n`);
    const run = await runUh(['diagnose', uhYaml, '--through', `http://127.0.0.1:${port}`, '--format', 'json', '--samples', '1', '--hosts-file', hostsFile()]);
    const doc = JSON.parse(run.stdout) as { gateway: { through: unknown[] }; findings: { cause: string; evidence: string[] }[] };
    expect(doc.gateway.through).toEqual([expect.objectContaining({ route: '/', group: 'app', status: 503, answer: 'no healthy upstream', by: 'haproxy', failed: true })]);
    expect(doc.findings[0]!.cause).toBe('tcp-refused');
    expect(doc.findings[0]!.evidence).toContain(`through the gateway: GET http://127.0.0.1:${port}/ → 503 no healthy upstream (haproxy)`);
    expect(doc.findings.map((f) => f.cause)).not.toContain('gateway-hop-failure');
  });

  it('its real log (httplog to stdout): <NOSRV> for a backend with no server up, SC for a refused server, matched to targets through the runtime API', async () => {
    const [down, unchecked] = [await refusedPort(), await refusedPort()];
    const { gateway, socket, port } = await startHaproxy([
      'backend app',
      '  option httpchk GET /health',
      `  server dead 127.0.0.1:${down} check`,
      'backend raw',
      `  server nocheck 127.0.0.1:${unchecked}`,
    ].join('\n'), {}, [], ['  log stdout format raw local0', '  option httplog', '  use_backend raw if { path_beg /raw }']);
    for (const p of ['/', '/raw']) expect((await fetch(`http://127.0.0.1:${port}${p}`)).status).toBe(503);
    const log = path.join(gateway.dir, 'haproxy.log');
    await until('HAProxy to log both requests', async () => (gateway.output().match(/ \[\d\d\/\w{3}\/\d{4}:/g)?.length ?? 0) >= 2 ? true : undefined, gateway);
    writeFileSync(log, gateway.output());
    const uhYaml = path.join(gateway.dir, 'uh.yaml');
    writeFileSync(uhYaml, `upstreams:\n  app:\n    targets:\n      - address: 127.0.0.1:${down}\n  raw:\n    targets:\n      - address: 127.0.0.1:${unchecked}\n`);
    const d = await runDiagnosis(loadConfig(uhYaml), {
      hostsFile: hostsFile(), samples: 1, gateway: { admin: [`unix:${socket}`], logs: [log], sinceMs: 900_000 },
    });
    expect(d.gateway!.sources.map((s) => [s.source, s.outcome])).toEqual([['haproxy-runtime', 'read'], ['haproxy-log', 'read']]);
    const raw = d.findings.find((f) => f.group === 'raw' && f.cause === 'tcp-refused')!;
    expect(raw.evidence.join('\n')).toMatch(/haproxy log raw\/nocheck: termination SC \(the server refused or failed the connection\) \(1× from/);
    const app = d.findings.find((f) => f.group === 'app' && f.cause === 'tcp-refused')!;
    expect(app.evidence.join('\n')).toMatch(/haproxy log: app had no live member to send to \(1× from/);
  });

  it('a socket nobody listens on is a skip with the reason, and the diagnosis still runs', async () => {
    const view = await haproxyRuntimeSource('unix:/nonexistent/uh-test.sock', ctx());
    expect(view).toMatchObject({ source: 'haproxy-runtime', outcome: 'skip' });
    expect(view.reason).toMatch(/cannot read the HAProxy runtime API: .*ENOENT/);
  });
});
