import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { detectTlsServer, tlsProbe } from '../../src/probes/tls.js';
import type { TlsSettings } from '../../src/model/index.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import type { CertPreset } from '../../src/pki/certs.js';
import { certPreset } from '../../src/pki/certs.js';
import type { TlsServerOptions } from '../../src/demo/faults/tls-servers.js';
import { startBlackhole } from '../../src/demo/faults/tcp.js';
import { clientIdentity, startTlsServer } from '../../src/demo/faults/tls-servers.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { probeContext, probeTarget, tlsSettings } from '../helpers/probe-context.js';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((f) => f.close()));
});

async function server(options: TlsServerOptions): Promise<RunningFault & { caPem: string }> {
  const s = await startTlsServer(options);
  running.push(s);
  return s;
}

/** Probe a server as a gateway that names it `host`, connects to 127.0.0.1, and trusts the test CA. */
async function probe(s: RunningFault & { caPem: string }, tls: Partial<TlsSettings> = {}, host = 'localhost') {
  const target = probeTarget({ host, ip: '127.0.0.1', port: s.port, tls: tlsSettings({ caInline: s.caPem, ...tls }) });
  return tlsProbe(target, probeContext());
}

describe('tls probe: a gateway that verifies certificates', () => {
  it('passes a valid certificate and reports its facts', async () => {
    const s = await server({ cert: 'valid' });
    const result = await probe(s);
    expect(result.outcome).toBe('pass');
    expect(result.observations).toEqual([]);
    expect(result.facts.protocol).toBe('TLSv1.3');
    expect(result.facts.sni).toBe('localhost');
    expect(result.facts.authorized).toBe(true);
    expect(result.facts.cert?.sans).toEqual(['DNS:localhost', 'IP Address:127.0.0.1']);
    expect(result.facts.cert?.issuer).toContain('CN=uh Test Root CA');
    expect(result.facts.cert?.daysLeft).toBeGreaterThan(300);
    expect(result.facts.chain.length).toBeGreaterThanOrEqual(2);
  });

  it('passes a leaf served with its intermediate', async () => {
    const result = await probe(await server({ cert: 'valid-chain' }));
    expect(result.outcome).toBe('pass');
    expect(result.facts.chain.map((c) => c.subject)[1]).toContain('uh Test Intermediate CA');
  });

  const critical: [CertPreset, string, RegExp][] = [
    ['expired', 'tls-cert-expired', /expired \d{4}-\d\d-\d\dT.*\(2 days ago\)/],
    ['not-yet-valid', 'tls-cert-not-yet-valid', /is valid from \d{4}-/],
    ['wrong-host', 'tls-hostname-mismatch', /covers DNS:wrong\.example\.test; the gateway verifies localhost/],
    ['self-signed', 'tls-untrusted', /DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate/],
    ['untrusted-ca', 'tls-untrusted', /SELF_SIGNED_CERT_IN_CHAIN: issuer CN=uh Untrusted Root CA/],
    ['missing-intermediate', 'tls-chain-incomplete', /sent only its leaf; its issuer CN=uh Test Intermediate CA.*\n.*pki\.uh\.invalid/],
  ];
  it.each(critical)('%s certificate → %s, critical', async (preset, cause, evidence) => {
    const result = await probe(await server({ cert: preset }));
    expect(result.outcome).toBe('fail');
    const found = result.observations.find((o) => o.cause === cause);
    expect(found?.severity).toBe('critical');
    expect(found?.evidence.join('\n')).toMatch(evidence);
  });

  it('warns when the certificate expires within the threshold', async () => {
    const result = await probe(await server({ cert: 'expiring-soon' }));
    expect(result.outcome).toBe('warn');
    expect(result.observations).toHaveLength(1);
    expect(result.observations[0]).toMatchObject({ cause: 'tls-cert-expiring', severity: 'warning' });
    expect(result.code).toBe('CERT_EXPIRING');
    expect(result.observations[0]?.evidence[0]).toMatch(/[23] days left \(threshold 14\)/);
    expect(result.facts.cert?.daysLeft).toBeLessThanOrEqual(3);
  });

  it('uses the injected clock for the validity window', async () => {
    const s = await server({ cert: 'valid' });
    const target = probeTarget({ host: 'localhost', ip: '127.0.0.1', port: s.port, tls: tlsSettings({ caInline: s.caPem }) });
    const inTwoYears = Date.now() + 2 * 365 * 86_400_000;
    const result = await tlsProbe(target, probeContext({ now: () => inTwoYears }));
    expect(result.observations.map((o) => o.cause)).toContain('tls-cert-expired');
  });
});

describe('tls probe: a gateway that does not verify (nginx proxy_ssl_verify off)', () => {
  it('reports an expired certificate as a warning, a risk rather than an outage', async () => {
    const result = await probe(await server({ cert: 'expired' }), { verify: false });
    expect(result.outcome).toBe('warn');
    expect(result.observations[0]).toMatchObject({ cause: 'tls-cert-expired', severity: 'warning' });
    expect(result.observations[0]?.evidence.join(' ')).toContain('does not verify');
  });

  it('reports a wrong host name as a warning', async () => {
    const result = await probe(await server({ cert: 'wrong-host' }), { verify: false });
    expect(result.observations.find((o) => o.cause === 'tls-hostname-mismatch')?.severity).toBe('warning');
    expect(result.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });
});

describe('tls probe: Envoy with a trusted CA but no SAN matcher (chain checked, name not)', () => {
  it('reports a wrong host name as a warning, because the gateway would still connect', async () => {
    const result = await probe(await server({ cert: 'wrong-host' }), { verifyHostname: false });
    const found = result.observations.find((o) => o.cause === 'tls-hostname-mismatch');
    expect(found?.severity).toBe('warning');
    expect(found?.evidence.join(' ')).toContain('verifies the chain but not the name');
  });

  it('still reports an untrusted chain as critical', async () => {
    const result = await probe(await server({ cert: 'untrusted-ca' }), { verifyHostname: false });
    expect(result.observations.find((o) => o.cause === 'tls-untrusted')?.severity).toBe('critical');
  });
});

describe('tls probe: handshakes that fail', () => {
  it('tls-sni-required: the server only has a certificate for its SNI name, and the gateway sends none', async () => {
    const s = await server({ cert: certPreset('valid', ['users.internal']), requireSni: 'users.internal' });
    const result = await probe(s, { autoSni: false }, 'users.internal');
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]).toMatchObject({ cause: 'tls-sni-required', severity: 'critical' });
    expect(result.observations[0]?.evidence).toEqual([
      expect.stringMatching(/^handshake without SNI failed: alert handshake_failure \(40\)/),
      'the same handshake with SNI users.internal succeeds',
    ]);
  });

  it('passes the same server when the gateway sends the right SNI', async () => {
    const s = await server({ cert: certPreset('valid', ['users.internal']), requireSni: 'users.internal' });
    const result = await probe(s, {}, 'users.internal');
    expect(result.outcome).toBe('pass');
    expect(result.facts.sni).toBe('users.internal');
  });

  it('tls-client-cert-required: TLS 1.3 server sends certificate_required (116)', async () => {
    const result = await probe(await server({ requestClientCert: true }));
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]).toMatchObject({ cause: 'tls-client-cert-required', severity: 'critical' });
    expect(result.observations[0]?.evidence[0]).toContain('certificate_required (116)');
  });

  it('tls-client-cert-required: TLS 1.2 server says only handshake_failure; a retry with a client cert tells', async () => {
    const result = await probe(await server({ requestClientCert: true, maxVersion: 'TLSv1.2' }));
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]?.cause).toBe('tls-client-cert-required');
    expect(result.observations[0]?.evidence[1]).toMatch(/presenting a \(self-signed\) client certificate/);
  });

  it('tls-version-mismatch: the gateway caps TLS 1.2, the server requires TLS 1.3', async () => {
    const result = await probe(await server({ minVersion: 'TLSv1.3' }), { maxVersion: 'TLSv1.2' });
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]).toMatchObject({ cause: 'tls-version-mismatch', severity: 'critical' });
    expect(result.observations[0]?.evidence.join(' ')).toMatch(/protocol_version \(70\).*default\.\.TLSv1\.2/);
  });

  it('tls-to-plaintext: the gateway speaks TLS to a plain HTTP port', async () => {
    const plain = http.createServer((_req, res) => res.end('plain'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    running.push({ close: () => new Promise<void>((resolve) => plain.close(() => resolve())) });
    const port = (plain.address() as AddressInfo).port;
    const target = probeTarget({ host: 'localhost', ip: '127.0.0.1', port, tls: tlsSettings() });
    const result = await tlsProbe(target, probeContext());
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]).toMatchObject({ cause: 'tls-to-plaintext', severity: 'critical' });
    expect(result.observations[0]?.evidence[0]).toMatch(/wrong version number|packet length too long|record layer failure/);
  });

  it('protocol-h2-unsupported: the gateway offers only h2, the server only http/1.1 (alert 120)', async () => {
    const result = await probe(await server({ alpn: ['http/1.1'] }), { alpn: ['h2'] });
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]).toMatchObject({ cause: 'protocol-h2-unsupported', severity: 'critical' });
    expect(result.observations[0]?.evidence[0]).toContain('ALPN [h2]');
  });

  it('protocol-http1-to-h2-only: the gateway offers http/1.1, the server only h2', async () => {
    const result = await probe(await server({ alpn: ['h2'], respond: 'h2' }), { alpn: ['http/1.1'] });
    expect(result.observations[0]?.cause).toBe('protocol-http1-to-h2-only');
  });

  it('reports the negotiated ALPN protocol', async () => {
    const result = await probe(await server({ alpn: ['h2', 'http/1.1'], respond: 'h2' }), { alpn: ['h2', 'http/1.1'] });
    expect(result.outcome).toBe('pass');
    expect(result.facts.alpn).toBe('h2');
  });

  it('health-timeout: TCP connects but the ClientHello never gets an answer (bounded by the connect timeout)', async () => {
    const hole = await startBlackhole();
    running.push(hole);
    const target = probeTarget({ host: 'localhost', ip: '127.0.0.1', port: hole.port, tls: tlsSettings(), connectMs: 600 });
    const result = await tlsProbe(target, probeContext());
    expect(result.outcome).toBe('fail');
    expect(result.code).toBe('TLS_HANDSHAKE_TIMEOUT');
    expect(result.observations[0]?.cause).toBe('health-timeout');
    expect(result.message).toContain("Timeout awaiting 'secureConnect' for 600ms");
  });

  it('skips, with the reason, when the trust store named in the config cannot be read', async () => {
    const s = await server({ cert: 'valid' });
    const target = probeTarget({ host: 'localhost', ip: '127.0.0.1', port: s.port, tls: tlsSettings({ ca: '/nonexistent/uh-ca.pem' }) });
    const result = await tlsProbe(target, probeContext());
    expect(result.outcome).toBe('skip');
    expect(result.message).toBe('skip: cannot read the trust store (CA file) /nonexistent/uh-ca.pem: ENOENT');
  });
});

describe('tls probe: a gateway that speaks plain text', () => {
  it('plaintext-to-tls: fails when the port expects TLS', async () => {
    const s = await server({ cert: 'valid' });
    const result = await tlsProbe(probeTarget({ ip: '127.0.0.1', port: s.port }), probeContext());
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]).toMatchObject({ cause: 'plaintext-to-tls', severity: 'critical' });
    expect(result.observations[0]?.evidence[1]).toBe(`127.0.0.1:${s.port} answered a TLS ClientHello with TLS`);
  });

  it('skips when the port speaks plain text too', async () => {
    const plain = http.createServer((_req, res) => res.end('plain'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    running.push({ close: () => new Promise<void>((resolve) => plain.close(() => resolve())) });
    const target = probeTarget({ ip: '127.0.0.1', port: (plain.address() as AddressInfo).port });
    const result = await tlsProbe(target, probeContext());
    expect(result.outcome).toBe('skip');
    expect(result.message).toContain('speaks plain text');
    expect(await detectTlsServer(target, probeContext())).toBe(false);
  });

  it('detectTlsServer says false, within its 1 s bound, for a port that never answers', async () => {
    const hole = await startBlackhole();
    running.push(hole);
    const started = performance.now();
    expect(await detectTlsServer(probeTarget({ ip: '127.0.0.1', port: hole.port }), probeContext())).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('skips a stream (L4) proxy: TLS there is end to end', async () => {
    const s = await server({ cert: 'valid' });
    const target = probeTarget({ ip: '127.0.0.1', port: s.port, group: { protocol: 'tcp' } });
    const result = await tlsProbe(target, probeContext());
    expect(result.outcome).toBe('skip');
    expect(result.message).toContain('stream proxy passes TLS through');
  });

  it('detectTlsServer says true even when the server rejects the handshake (an alert is TLS)', async () => {
    const s = await server({ requestClientCert: true, maxVersion: 'TLSv1.2' });
    expect(await detectTlsServer(probeTarget({ ip: '127.0.0.1', port: s.port }), probeContext())).toBe(true);
  });
});

describe('tls probe: the gateway\'s own files (trust store, client certificate)', () => {
  it('reads the CA file relative to the config file, and presents the configured client certificate', async () => {
    const s = await server({ requestClientCert: true });
    const dir = mkdtempSync(path.join(tmpdir(), 'uh-tls-'));
    const identity = clientIdentity();
    writeFileSync(path.join(dir, 'ca.pem'), s.caPem);
    writeFileSync(path.join(dir, 'client.pem'), identity.certPem);
    writeFileSync(path.join(dir, 'client.key'), identity.keyPem);
    const tls = tlsSettings({
      ca: 'ca.pem', clientCert: { cert: 'client.pem', key: 'client.key' },
      loc: { file: path.join(dir, 'uh.yaml'), line: 3, column: 5 },
    });
    const result = await tlsProbe(probeTarget({ host: 'localhost', ip: '127.0.0.1', port: s.port, tls }), probeContext());
    expect(result.outcome).toBe('pass');
    expect(result.facts.authorized).toBe(true);
  });

  it('without the trust store, the system roots do not know the test CA: tls-untrusted', async () => {
    const s = await server({ cert: 'valid' });
    const target = probeTarget({ host: 'localhost', ip: '127.0.0.1', port: s.port, tls: tlsSettings() });
    const result = await tlsProbe(target, probeContext());
    expect(result.observations[0]).toMatchObject({ cause: 'tls-untrusted', confidence: 0.7 });
    expect(result.observations[0]?.evidence[0]).toContain('is not in the trust store: system');
  });
});
