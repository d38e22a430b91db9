/**
 * HAProxy-only stories, each a haproxy.cfg a user would write, against real loopback servers; and
 * every config here also goes to the real `haproxy -c` (where installed), which must agree with uh:
 * it accepts them all but the misspelt `use_backend`, which it refuses just as uh reports it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CauseId } from '../../src/causes/catalog.js';
import type { Diagnosis } from '../../src/diagnosis/types.js';
import { startDnsServer } from '../../src/demo/faults/dns-server.js';
import { healthyServer } from '../../src/demo/faults/http-servers.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import type { TlsServerOptions } from '../../src/demo/faults/tls-servers.js';
import { startTlsServer } from '../../src/demo/faults/tls-servers.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import { certPreset } from '../../src/pki/certs.js';
import type { CertPreset } from '../../src/pki/certs.js';
import { HAPROXY_DEFAULTS, hasHaproxy, haproxyCheck, unlessHaproxy } from '../helpers/haproxy-check.js';
import { closedAfterEach } from '../helpers/running-faults.js';
import { diagnoseText, summary } from './harness.js';

const faults = closedAfterEach();

function up(n: number, start: () => Promise<RunningFault> = healthyServer): Promise<RunningFault[]> {
  return Promise.all(Array.from({ length: n }, () => faults.start(start())));
}

/** The smallest complete haproxy.cfg: the defaults, one frontend, the backend. */
const cfg = (backend: string, frontend = '    default_backend app'): string => `${HAPROXY_DEFAULTS}frontend web
    bind 127.0.0.1:8080
${frontend}

backend app
${backend}
`;

/** Diagnose `text`; where haproxy is installed, also record what `haproxy -c` says of the same file. */
async function diagnoseBoth(text: string, extraFiles: Record<string, string> = {}, resolvers?: { host: string; port: number }[]): Promise<{ d: Diagnosis; haproxy?: ReturnType<typeof haproxyCheck> }> {
  let haproxy: ReturnType<typeof haproxyCheck> | undefined;
  const d = await diagnoseText('haproxy', text, {
    ...(resolvers ? { resolvers } : {}),
    onWritten: (file) => {
      for (const [name, content] of Object.entries(extraFiles)) writeFileSync(path.join(path.dirname(file), name), content);
      if (hasHaproxy) haproxy = haproxyCheck(file);
    },
  });
  return { d, ...(haproxy ? { haproxy } : {}) };
}

function expectFirst(d: Diagnosis, cause: CauseId, evidence: RegExp): void {
  expect(d.findings[0]?.cause, summary(d)).toBe(cause);
  expect(d.findings[0]!.evidence.join('\n'), summary(d)).toMatch(evidence);
}

function expectReported(d: Diagnosis, cause: CauseId, evidence: RegExp, severity?: string): void {
  const f = d.findings.find((x) => x.cause === cause);
  expect(f?.cause, summary(d)).toBe(cause);
  expect(f!.evidence.join('\n'), summary(d)).toMatch(evidence);
  if (severity) expect(f!.severity, summary(d)).toBe(severity);
}

function expectAccepted(haproxy: ReturnType<typeof haproxyCheck> | undefined): void {
  if (hasHaproxy) expect(haproxy?.accepted, haproxy?.alerts).toBe(true);
}

describe(`e2e (haproxy): what only an haproxy.cfg says${unlessHaproxy}`, () => {
  it('a partial pool: one server refuses, the other answers — the backend is degraded, not down', async () => {
    const [a] = await up(1);
    const dead = `127.0.0.1:${await refusedPort()}`;
    const { d, haproxy } = await diagnoseBoth(cfg(`    option httpchk GET /health\n    server s1 ${a!.address} check\n    server s2 ${dead} check`));
    expectFirst(d, 'tcp-refused', /ECONNREFUSED/);
    expect(d.findings[0]!.targets).toEqual([dead]);
    expect(d.groups[0]!.verdict).toBe('degraded');
    expectAccepted(haproxy);
  });

  it('every server `disabled`: config-all-members-down and no healthy upstream, though both answer', async () => {
    const [a, b] = await up(2);
    const { d, haproxy } = await diagnoseBoth(cfg(`    option httpchk GET /health\n    server s1 ${a!.address} check disabled\n    server s2 ${b!.address} check disabled`));
    expectFirst(d, 'config-all-members-down', /marked down/);
    expect(d.groups[0]!.verdict).toBe('no-healthy-upstream');
    expectAccepted(haproxy);
  });

  it('only `backup` servers: config-all-members-down names it', async () => {
    const [a, b] = await up(2);
    const { d, haproxy } = await diagnoseBoth(cfg(`    server s1 ${a!.address} check backup\n    server s2 ${b!.address} check backup`));
    expectFirst(d, 'config-all-members-down', /backups/);
    expectAccepted(haproxy);
  });

  it('a misspelt use_backend: config-upstream-undefined, and haproxy -c refuses the file too', async () => {
    const [a, b] = await up(2);
    const { d, haproxy } = await diagnoseBoth(cfg(
      `    option httpchk GET /health\n    server s1 ${a!.address} check\n    server s2 ${b!.address} check`,
      '    use_backend ap if { path_beg /api }\n    default_backend app',
    ));
    expectFirst(d, 'config-upstream-undefined', /ap/);
    expect(d.verdict).toBe('no-healthy-upstream');
    if (hasHaproxy) {
      expect(haproxy?.accepted).toBe(false);
      expect(haproxy?.alerts).toMatch(/unable to find required use_backend: 'ap'/);
    }
  });

  it('no `check` on the servers: config-no-health-check (HAProxy then only sees failed connections)', async () => {
    const [a, b] = await up(2);
    const { d, haproxy } = await diagnoseBoth(cfg(`    server s1 ${a!.address}\n    server s2 ${b!.address}`));
    expectReported(d, 'config-no-health-check', /no health check/);
    expectAccepted(haproxy);
  });

  it('`timeout check` ≥ `inter`: config-health-timeout-exceeds-interval; without `timeout check`, inter bounds the check and nothing is said', async () => {
    const [a, b] = await up(2);
    const backend = `    option httpchk GET /health\n    server s1 ${a!.address} check inter 2s\n    server s2 ${b!.address} check inter 2s`;
    const slow = await diagnoseBoth(cfg(`    timeout check 5s\n${backend}`));
    expectReported(slow.d, 'config-health-timeout-exceeds-interval', /5s ≥ interval 2s/);
    expectAccepted(slow.haproxy);
    const plain = await diagnoseBoth(cfg(backend));
    expect(plain.d.findings.map((f) => f.cause), summary(plain.d)).not.toContain('config-health-timeout-exceeds-interval');
  });

  it('DNS goes to the nameservers of the `resolvers` section the servers name (no --resolver): NXDOMAIN from that server', async () => {
    const dns = await startDnsServer({});
    await faults.start(Promise.resolve(dns));
    const text = `${cfg(`    option httpchk GET /health\n    server s1 app.test:8080 check resolvers local init-addr last,libc,none\n    server s2 app.test:8081 check resolvers local init-addr last,libc,none`)}
resolvers local
    nameserver ns1 ${dns.host}:${dns.port}
`;
    const { d, haproxy } = await diagnoseBoth(text, {}, []);
    expectFirst(d, 'dns-nxdomain', /NXDOMAIN/);
    expect(dns.queries.map((q) => q.name)).toContain('app.test');
    expectAccepted(haproxy);
  });

  it('server-template with resolvers: dynamic endpoints, named and not probed', async () => {
    const text = `${cfg('    server-template web 1-3 app.test:8080 check resolvers local init-addr none')}
resolvers local
    nameserver ns1 127.0.0.1:9
`;
    const { d, haproxy } = await diagnoseBoth(text, {}, []);
    expectFirst(d, 'config-dynamic-endpoints', /not probed/);
    expectAccepted(haproxy);
  });
});

/** Two TLS servers (`preset` certificates, or other TLS options) behind `ssl verify none`: HAProxy still connects. */
async function verifyNone(preset: CertPreset | TlsServerOptions, extra = ''): Promise<Diagnosis> {
  const options = typeof preset === 'string' ? { cert: certPreset(preset) } : preset;
  const started = await up(2, () => startTlsServer(options));
  const { d, haproxy } = await diagnoseBoth(cfg(
    `    option httpchk GET /health\n${started.map((s, i) => `    server s${i + 1} ${s.address} check ssl verify none${extra}`).join('\n')}`,
  ));
  expectAccepted(haproxy);
  return d;
}

describe('e2e (haproxy): TLS faults behind `ssl verify none` are risks (warnings), and the missing verification is named', () => {
  for (const [preset, cause, evidence] of [
    ['expired', 'tls-cert-expired', /expired/i],
    ['self-signed', 'tls-untrusted', /self[- ]signed|untrusted|issuer/i],
    ['missing-intermediate', 'tls-chain-incomplete', /intermediate|chain|first certificate/i],
    ['not-yet-valid', 'tls-cert-not-yet-valid', /not (yet )?valid|notBefore|valid from/i],
    ['wrong-host', 'tls-hostname-mismatch', /localhost|127\.0\.0\.1/],
  ] as const) {
    it(`${cause} (${preset}) is a warning`, async () => {
      const d = await verifyNone(preset);
      expectReported(d, cause, evidence, 'warning');
      expectReported(d, 'config-tls-not-verified', /verify none/);
      expect(d.findings.filter((f) => f.severity === 'critical'), summary(d)).toEqual([]);
    });
  }

  // Not verifying does not help where the handshake itself fails: these stay outages.
  for (const [label, options, extra, cause] of [
    ['a required client certificate', { requestClientCert: true }, '', 'tls-client-cert-required'],
    ['no common TLS version: TLS 1.2 at most, ssl-min-ver TLSv1.3', { maxVersion: 'TLSv1.2' }, ' ssl-min-ver TLSv1.3', 'tls-version-mismatch'],
  ] as const) {
    it(`${cause} (${label}) is still critical`, async () => {
      const d = await verifyNone(options, extra);
      expect(d.findings[0]?.cause, summary(d)).toBe(cause);
      expect(d.findings[0]!.severity).toBe('critical');
    });
  }
});

describe('uh lint --validate runs the real haproxy -c', () => {
  it.skipIf(!hasHaproxy)(`an haproxy.cfg HAProxy refuses gets config-parse-error with HAProxy's words${unlessHaproxy}`, async () => {
    const { validateWithGateway } = await import('../../src/diagnosis/gateway-validate.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'uh-haproxy-validate-'));
    try {
      const file = path.join(dir, 'haproxy.cfg');
      writeFileSync(file, cfg('    server s1 127.0.0.1:8081 check', '    use_backend nope if { path_beg /x }\n    default_backend app'));
      const verdict = await validateWithGateway('haproxy', file);
      expect(verdict.kind).toBe('rejected');
      if (verdict.kind === 'rejected') expect(verdict.lines.join('\n')).toMatch(/^haproxy: \[ALERT\] Proxy 'web': unable to find required use_backend: 'nope'/m);
      writeFileSync(file, cfg('    server s1 127.0.0.1:8081 check'));
      expect((await validateWithGateway('haproxy', file)).kind).toBe('accepted');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
