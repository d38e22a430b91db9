import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certPreset, makeCa, makeIntermediate, makeLeaf, testCa } from '../../src/pki/certs.js';

const DAY = 86_400_000;
function x509(pem: string): X509Certificate {
  return new X509Certificate(pem);
}
function chain(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map(x509);
}

describe('test PKI: certificates a real TLS stack accepts or rejects for the right reason', () => {
  it('issues a leaf for the given hosts, signed by the CA, verifiable with node:crypto', () => {
    const ca = makeCa();
    const leaf = makeLeaf({ issuer: ca, hosts: ['users.internal', '10.0.0.7'] });
    const cert = x509(leaf.certPem);
    expect(cert.subjectAltName).toBe('DNS:users.internal, IP Address:10.0.0.7');
    expect(cert.checkIssued(x509(ca.certPem))).toBe(true);
    expect(cert.verify(x509(ca.certPem).publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(x509(ca.certPem).ca).toBe(true);
  });

  it('chains leaf → intermediate → root', () => {
    const root = makeCa();
    const mid = makeIntermediate(root);
    const leaf = makeLeaf({ issuer: mid, hosts: ['a.test'] });
    expect(x509(leaf.certPem).verify(x509(mid.certPem).publicKey)).toBe(true);
    expect(x509(mid.certPem).verify(x509(root.certPem).publicKey)).toBe(true);
    expect(x509(leaf.certPem).verify(x509(root.certPem).publicKey)).toBe(false);
  });

  it('presets carry the fault they are named after', () => {
    const now = Date.now();
    const expired = x509(certPreset('expired').leaf.certPem);
    expect(Date.parse(expired.validTo)).toBeLessThan(now);
    const future = x509(certPreset('not-yet-valid').leaf.certPem);
    expect(Date.parse(future.validFrom)).toBeGreaterThan(now);
    const soon = Date.parse(x509(certPreset('expiring-soon', ['localhost'], now).leaf.certPem).validTo);
    expect(soon - now).toBeGreaterThan(2 * DAY);
    expect(soon - now).toBeLessThanOrEqual(3 * DAY);
    expect(x509(certPreset('wrong-host').leaf.certPem).subjectAltName).toBe('DNS:wrong.example.test');
    const self = x509(certPreset('self-signed').leaf.certPem);
    expect(self.issuer).toBe(self.subject);
  });

  it('serves the intermediate only where the preset says so', () => {
    expect(chain(certPreset('valid-chain').chainPem)).toHaveLength(2);
    const missing = chain(certPreset('missing-intermediate').chainPem);
    expect(missing).toHaveLength(1);
    expect(missing[0]!.issuer).toContain('uh Test Intermediate CA');
    expect(missing[0]!.infoAccess).toContain('CA Issuers - URI:http://pki.uh.invalid/intermediate.crt');
    const untrusted = chain(certPreset('untrusted-ca').chainPem);
    expect(untrusted[1]!.subject).toContain('uh Untrusted Root CA');
    expect(untrusted[1]!.checkIssued(x509(testCa().certPem))).toBe(false);
  });

  it('shares one root CA per process, so servers share a trust store', () => {
    expect(certPreset('valid').caPem).toBe(certPreset('expired').caPem);
    expect(x509(certPreset('valid').leaf.certPem).checkIssued(x509(testCa().certPem))).toBe(true);
  });
});
