import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnosis/diagnose.js';
import { startDnsServer } from '../../src/demo/faults/dns-server.js';
import { hangingServer, healthyServer } from '../../src/demo/faults/http-servers.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import type { ProbeSet } from '../../src/probes/index.js';
import { PROBES } from '../../src/probes/index.js';
import type { RunOptions } from '../../src/probes/run.js';
import { runProbes } from '../../src/probes/run.js';
import { runDiagnosis } from '../../src/diagnosis/run-diagnosis.js';
import { jsonReporter } from '../../src/report/json.js';
import { verdictLines } from '../../src/report/verdict-lines.js';
import { activeCheck, config, group, target } from '../diagnosis/builders.js';
import { diagnoseText } from './harness.js';

const servers: RunningFault[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const emptyHosts = (): string => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'uh-run-')), 'hosts');
  writeFileSync(file, '');
  return file;
};

const options = (overrides: Partial<RunOptions> = {}): RunOptions => ({
  concurrency: 8, deadlineMs: 20_000, timeoutMs: 3000, samples: 1, expiringWithinDays: 14, now: Date.now,
  hostsFile: emptyHosts(), resolvers: [{ host: '127.0.0.1', port: 9 }], ...overrides,
});

describe('the probe orchestrator', () => {
  it('probes EVERY address a name resolves to, each with its own chain', async () => {
    const web = await healthyServer();
    const dns = await startDnsServer({ 'app.test': { A: ['127.0.0.1', '127.0.0.2'] } });
    servers.push(web, dns);
    const t = target(`app.test:${web.port}`, { host: 'app.test' });
    const g = group('app', [t, target(web.address)], { discovery: 'dns-refresh' });
    const run = await runProbes(config([g]), options({ resolvers: [{ host: dns.host, port: dns.port }] }));
    const named = run.targets[0]!;
    expect(named.dns.outcome).toBe('pass');
    expect(named.paths.map((p) => [p.ip, p.results[0]!.outcome])).toEqual([['127.0.0.1', 'pass'], ['127.0.0.2', 'fail']]);
    const d = diagnose(config([g]), run.targets, { offline: false });
    expect(d.groups[0]!.verdict).toBe('degraded');
    expect(d.groups[0]!.targets[0]!.checks.filter((c) => c.probe === 'tcp').map((c) => c.message.slice(0, 12)))
      .toEqual(['[127.0.0.1] ', '[127.0.0.2] ']);
    expect(d.findings[0]).toMatchObject({ cause: 'tcp-refused', targets: [t.address] });
  });

  it('an nginx `resolve` member is looked up through the config\'s own `resolver` (no --resolver given)', async () => {
    const web = await healthyServer();
    const dns = await startDnsServer({ 'app.test': { A: ['127.0.0.1'] } });
    servers.push(web, dns);
    const d = await diagnoseText('nginx', `events {}
http {
  resolver ${dns.host}:${dns.port};
  upstream app {
    zone app 64k;
    server app.test:${web.port} resolve;
  }
  server { listen 8080; location / { proxy_pass http://app; } }
}
`, { resolvers: [] });
    expect(d.groups[0]!.targets[0]!.checks[0]).toMatchObject({ probe: 'dns', outcome: 'pass' });
    expect(dns.queries.some((q) => q.name === 'app.test')).toBe(true);
    expect(d.groups[0]!.verdict).toBe('healthy');
  });

  it('with `resolver … ipv6=off` only the A records are probed, as nginx uses only those', async () => {
    const web = await healthyServer();
    // ::1 would be refused on this port (the server listens on 127.0.0.1 only): probing it would be a false finding.
    const dns = await startDnsServer({ 'app.test': { A: ['127.0.0.1'], AAAA: ['::1'] } });
    servers.push(web, dns);
    const nginx = (ipv6: string): string => `events {}
http {
  resolver ${dns.host}:${dns.port}${ipv6};
  upstream app {
    zone app 64k;
    server app.test:${web.port} resolve;
  }
  server { listen 8080; location / { proxy_pass http://app; } }
}
`;
    const off = await diagnoseText('nginx', nginx(' ipv6=off'), { resolvers: [] });
    expect(off.groups[0]!.verdict).toBe('healthy');
    expect(off.groups[0]!.targets[0]!.checks.filter((c) => c.probe === 'tcp').map((c) => c.outcome)).toEqual(['pass']);
    const both = await diagnoseText('nginx', nginx(''), { resolvers: [] });
    expect(both.groups[0]!.targets[0]!.checks.filter((c) => c.probe === 'tcp').map((c) => c.outcome)).toEqual(['pass', 'fail']);
  });

  it('a failed layer turns the later ones into skips that name it', async () => {
    const t = target('127.0.0.1:1');
    const run = await runProbes(config([group('app', [t])]), options());
    const results = run.targets[0]!.paths[0]!.results;
    expect(results[0]).toMatchObject({ probe: 'tcp', outcome: 'fail', code: 'ECONNREFUSED' });
    expect(results.slice(1).map((r) => [r.probe, r.outcome, r.message])).toEqual([
      ['tls', 'skip', 'skip: tcp failed: ECONNREFUSED'],
      ['http', 'skip', 'skip: tcp failed: ECONNREFUSED'],
      ['h2', 'skip', 'skip: tcp failed: ECONNREFUSED'],
    ]);
    // The diagnosis folds these on data, not on the wording above.
    expect(results.slice(1).map((r) => r.blockedBy)).toEqual(Array(3).fill({ probe: 'tcp', code: 'ECONNREFUSED' }));
  });

  it('skips, with the reason, what it cannot probe: template ports, dynamic endpoints, udp', async () => {
    const templated = target('127.0.0.1:{{ port }}', { port: undefined, portText: '{{ port }}' });
    const g1 = group('templated', [templated]);
    const g2 = group('udp', [target('127.0.0.1:53')], { protocol: 'udp' });
    const g3 = group('eds', [target('10.0.0.1:80')], { discovery: 'dynamic' });
    const run = await runProbes(config([g1, g2, g3]), options());
    const reasons = run.targets.map((r) => r.paths[0]!.results[0]!.message);
    expect(reasons).toEqual([
      'skip: templated: {{ port }} is a template placeholder, not a value; render the template first (e.g. `helm template`, `consul-template -once`, `envsubst`) and run uh on the result for a full check',
      'skip: udp upstreams are not probed',
      'skip: endpoints come from service discovery, not from the file',
    ]);
  });

  it('the run deadline cuts a hanging probe short: a skip naming the deadline, never an unbounded wait', async () => {
    const hang = await hangingServer();
    servers.push(hang);
    const g = group('app', [target(hang.address)], { health: { active: activeCheck({ timeoutMs: 10_000 }) } });
    const started = performance.now();
    const run = await runProbes(config([g]), options({ deadlineMs: 800 }));
    expect(performance.now() - started).toBeLessThan(8000);
    expect(run.deadlineHit).toBe(true);
    const http = run.targets[0]!.paths[0]!.results.find((r) => r.probe === 'http')!;
    expect(http).toMatchObject({ outcome: 'skip' });
    expect(http.message).toMatch(/deadline \(800 ms\)/);
  });

  it('never has more than --concurrency targets actively probed, and only probes --group', async () => {
    const web = await healthyServer();
    servers.push(web);
    let inFlight = 0;
    let peak = 0;
    const enter = (): void => { inFlight += 1; peak = Math.max(peak, inFlight); };
    const counting: ProbeSet = {
      ...PROBES,
      tcp: async (pt, ctx) => {
        enter();
        // Idle waits (listening for a reset) give the slot back: they are not active probing.
        const idle = async <T,>(work: Promise<T>): Promise<T> => {
          inFlight -= 1;
          try { return await ctx.idle!(work); } finally { enter(); }
        };
        try {
          return await PROBES.tcp(pt, { ...ctx, idle });
        } finally {
          inFlight -= 1;
        }
      },
    };
    const targets = Array.from({ length: 10 }, () => target(web.address));
    const other = group('other', [target('127.0.0.1:1')]);
    const run = await runProbes(config([group('app', targets), other]), options({ concurrency: 3, probes: counting, group: 'app' }));
    expect(run.targets).toHaveLength(10);
    expect(run.targets.every((r) => r.group.name === 'app')).toBe(true);
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(0);
  });

  it('a run cut short by its deadline says so in the report, not only in scattered skips', async () => {
    const hang = await hangingServer();
    servers.push(hang);
    const g = group('app', [target(hang.address)], { health: { active: activeCheck({ timeoutMs: 10_000 }) } });
    const diagnosis = await runDiagnosis(config([g]), { ...options({ deadlineMs: 800 }), offline: false });
    expect(diagnosis.deadlineHit).toEqual({ deadlineMs: 800 });
    expect(JSON.parse(jsonReporter(diagnosis, { color: false, version: 'test' }))).toMatchObject({ deadlineHit: true });
    expect(verdictLines(diagnosis).at(-1)?.text).toMatch(/deadline \(0\.8 s\) cut probes short/);
  });

  it('an idle wait (a hung upstream being listened to) frees the slot for the next target', async () => {
    // With --concurrency 1, target A waits idle until target B has been probed: were the slot
    // not freed, B could never start and the run would hit its deadline instead.
    let bProbed!: () => void;
    const bDone = new Promise<void>((resolve) => { bProbed = resolve; });
    const order: string[] = [];
    const probes: ProbeSet = {
      ...PROBES,
      tcp: async (pt, ctx) => {
        if (pt.port === 1001) {
          await ctx.idle!(bDone);
          order.push('A');
        } else {
          order.push('B');
          bProbed();
        }
        return { probe: 'tcp', outcome: 'fail', ms: 0, message: 'stub', observations: [], facts: { endpoint: `127.0.0.1:${pt.port}` } };
      },
    };
    const run = await runProbes(
      config([group('app', [target('127.0.0.1:1001'), target('127.0.0.1:1002')])]),
      options({ concurrency: 1, probes, deadlineMs: 5000 }),
    );
    expect(run.deadlineHit).toBe(false);
    expect(order).toEqual(['B', 'A']);
  });

  it('a probe that throws (a bug) becomes a skip naming the crash, not a pass', async () => {
    const crashing: ProbeSet = { ...PROBES, tcp: async () => { throw new Error('boom'); } };
    const run = await runProbes(config([group('app', [target('127.0.0.1:1')])]), options({ probes: crashing }));
    expect(run.targets[0]!.paths[0]!.results[0]).toMatchObject({ outcome: 'skip', message: 'skip: the tcp probe crashed: boom' });
  });
});
