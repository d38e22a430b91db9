/**
 * X.509 certificates for TLS faults, generated in-process: a test CA, an intermediate, and
 * leaves with chosen names and validity windows. Keys come from node:crypto (native RSA keygen,
 * ~0.3 s for 2048 bits, versus seconds in node-forge's pure JS) and are cached per role for the
 * process; node-forge only builds and signs the certificates.
 *
 * Presets reproduce the certificate faults of the catalog: expired, not yet valid, expiring in
 * 3 days, wrong host, self-signed, unknown CA, and a leaf served without its intermediate.
 */
import { generateKeyPair, generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

const { pki } = forge;
const DAY_MS = 86_400_000;

/** A certificate with its key, in forge form (to sign with) and PEM (to serve or trust). */
export interface CertBundle {
  readonly cert: forge.pki.Certificate;
  readonly key: forge.pki.rsa.PrivateKey;
  readonly certPem: string;
  readonly keyPem: string;
}

/** Distinct keys per role, so issuer/subject key ids differ as they do in real PKIs. */
export type KeyRole = 'ca' | 'intermediate' | 'leaf' | 'other-ca' | 'self-signed' | 'client';

const keyCache = new Map<KeyRole, { privatePem: string; publicPem: string }>();

const RSA_OPTIONS = {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
} as const;

/**
 * Generate the key for `role` off the main thread (libuv pool), so a caller in a busy process
 * (the TLS probe's throwaway client certificate) does not stall the event loop for the keygen.
 */
export async function warmKey(role: KeyRole): Promise<void> {
  if (keyCache.has(role)) return;
  const pems = await new Promise<{ privatePem: string; publicPem: string }>((resolve, reject) =>
    generateKeyPair('rsa', RSA_OPTIONS, (err, publicKey, privateKey) =>
      (err ? reject(err) : resolve({ privatePem: privateKey, publicPem: publicKey }))));
  if (!keyCache.has(role)) keyCache.set(role, pems);
}

function keyPair(role: KeyRole): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; privatePem: string } {
  let pems = keyCache.get(role);
  if (!pems) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', RSA_OPTIONS);
    pems = { privatePem: privateKey, publicPem: publicKey };
    keyCache.set(role, pems);
  }
  return {
    privateKey: pki.privateKeyFromPem(pems.privatePem) as forge.pki.rsa.PrivateKey,
    publicKey: pki.publicKeyFromPem(pems.publicPem) as forge.pki.rsa.PublicKey,
    privatePem: pems.privatePem,
  };
}

export interface CertSpec {
  readonly commonName: string;
  /** Signs the certificate; undefined = self-signed. */
  readonly issuer?: CertBundle;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly keyRole: KeyRole;
  readonly isCa: boolean;
  /** DNS names and IP literals for subjectAltName (leaves). */
  readonly hosts?: readonly string[];
  /** Authority Information Access "CA Issuers" URL (RFC 5280 §4.2.2.1): where the issuer's cert lives. */
  readonly caIssuersUrl?: string;
}

const OID_AIA = '1.3.6.1.5.5.7.1.1';
const OID_CA_ISSUERS = '1.3.6.1.5.5.7.48.2';

/** AuthorityInfoAccess ::= SEQUENCE OF { accessMethod OID, accessLocation GeneralName [6] URI }. */
function aiaExtension(url: string): object {
  const { asn1 } = forge;
  const description = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(OID_CA_ISSUERS).getBytes()),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 6, false, url),
  ]);
  return { id: OID_AIA, value: asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [description]) };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function altNames(hosts: readonly string[]): object[] {
  return hosts.map((h) => (IPV4.test(h) || h.includes(':') ? { type: 7, ip: h } : { type: 2, value: h }));
}

/** Build and sign one certificate (SHA-256). */
export function makeCert(spec: CertSpec): CertBundle {
  const { privateKey, publicKey, privatePem } = keyPair(spec.keyRole);
  const cert = pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  cert.validity.notBefore = spec.notBefore ?? new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = spec.notAfter ?? new Date(Date.now() + 365 * DAY_MS);
  const subject = [{ name: 'commonName', value: spec.commonName }, { name: 'organizationName', value: 'uh test PKI' }];
  cert.setSubject(subject);
  cert.setIssuer(spec.issuer ? spec.issuer.cert.subject.attributes : subject);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: spec.isCa, critical: true },
    spec.isCa
      ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ];
  if (spec.issuer) {
    extensions.push({ name: 'authorityKeyIdentifier', keyIdentifier: spec.issuer.cert.generateSubjectKeyIdentifier().getBytes() });
  }
  if (!spec.isCa) extensions.push({ name: 'extKeyUsage', serverAuth: true, clientAuth: true });
  if (spec.hosts && spec.hosts.length > 0) extensions.push({ name: 'subjectAltName', altNames: altNames(spec.hosts) });
  if (spec.caIssuersUrl) extensions.push(aiaExtension(spec.caIssuersUrl));
  cert.setExtensions(extensions);
  cert.sign(spec.issuer?.key ?? privateKey, forge.md.sha256.create());
  return { cert, key: privateKey, certPem: pki.certificateToPem(cert), keyPem: privatePem };
}

/** A root CA (self-signed, 10 years). `role: 'other-ca'` makes a CA nobody trusts. */
export function makeCa(commonName = 'uh Test Root CA', role: KeyRole = 'ca'): CertBundle {
  return makeCert({ commonName, keyRole: role, isCa: true, notAfter: new Date(Date.now() + 3650 * DAY_MS) });
}

/** An intermediate CA issued by `issuer`. */
export function makeIntermediate(issuer: CertBundle, commonName = 'uh Test Intermediate CA'): CertBundle {
  return makeCert({ commonName, issuer, keyRole: 'intermediate', isCa: true });
}

export interface LeafSpec {
  /** Signs the leaf; undefined = self-signed. */
  readonly issuer?: CertBundle;
  readonly hosts: readonly string[];
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly commonName?: string;
  readonly keyRole?: KeyRole;
  readonly caIssuersUrl?: string;
}

/** A server (or client) leaf for `hosts`, CN = the first host. */
export function makeLeaf(spec: LeafSpec): CertBundle {
  return makeCert({
    commonName: spec.commonName ?? spec.hosts[0] ?? 'localhost',
    keyRole: spec.keyRole ?? (spec.issuer ? 'leaf' : 'self-signed'),
    isCa: false,
    ...(spec.issuer ? { issuer: spec.issuer } : {}),
    ...(spec.hosts ? { hosts: spec.hosts } : {}),
    ...(spec.notBefore ? { notBefore: spec.notBefore } : {}),
    ...(spec.notAfter ? { notAfter: spec.notAfter } : {}),
    ...(spec.caIssuersUrl ? { caIssuersUrl: spec.caIssuersUrl } : {}),
  });
}

/** Where leaves issued by the test intermediate say it can be fetched (never served: `.invalid`). */
export const INTERMEDIATE_URL = 'http://pki.uh.invalid/intermediate.crt';

export const CERT_PRESETS = [
  'valid', 'valid-chain', 'expired', 'not-yet-valid', 'expiring-soon', 'wrong-host', 'self-signed', 'untrusted-ca',
  'missing-intermediate',
] as const;
export type CertPreset = (typeof CERT_PRESETS)[number];

/** What a TLS server needs: its key, the chain it sends (leaf first), and the anchor a client should trust. */
export interface ServerCert {
  readonly keyPem: string;
  /** Leaf, then the intermediates the server sends. */
  readonly chainPem: string;
  /** The trust anchor a correctly configured gateway would use (the test root CA). */
  readonly caPem: string;
  readonly leaf: CertBundle;
}

let rootCache: CertBundle | undefined;
let intermediateCache: CertBundle | undefined;

/** The process-wide test root CA (stable, so several servers share one trust store). */
export function testCa(): CertBundle {
  rootCache ??= makeCa();
  return rootCache;
}

function testIntermediate(): CertBundle {
  intermediateCache ??= makeIntermediate(testCa());
  return intermediateCache;
}

/**
 * A server certificate for one catalog fault. `hosts` defaults to `localhost` and `127.0.0.1`;
 * `wrong-host` ignores them and names `wrong.example.test`.
 */
export function certPreset(preset: CertPreset, hosts: readonly string[] = ['localhost', '127.0.0.1'], now = Date.now()): ServerCert {
  const ca = testCa();
  const days = (n: number): Date => new Date(now + n * DAY_MS);
  const served = (leaf: CertBundle, ...extra: CertBundle[]): ServerCert => ({
    keyPem: leaf.keyPem, leaf, caPem: ca.certPem, chainPem: [leaf, ...extra].map((c) => c.certPem).join(''),
  });
  switch (preset) {
    case 'valid':
      return served(makeLeaf({ issuer: ca, hosts }));
    case 'valid-chain':
      return served(makeLeaf({ issuer: testIntermediate(), hosts, caIssuersUrl: INTERMEDIATE_URL }), testIntermediate());
    case 'expired':
      return served(makeLeaf({ issuer: ca, hosts, notBefore: days(-90), notAfter: days(-2) }));
    case 'not-yet-valid':
      return served(makeLeaf({ issuer: ca, hosts, notBefore: days(2), notAfter: days(90) }));
    case 'expiring-soon':
      return served(makeLeaf({ issuer: ca, hosts, notBefore: days(-60), notAfter: days(3) }));
    case 'wrong-host':
      return served(makeLeaf({ issuer: ca, hosts: ['wrong.example.test'] }));
    case 'self-signed':
      return served(makeLeaf({ hosts }));
    case 'untrusted-ca': {
      // A private CA the gateway does not trust; like most private PKIs, the server sends its root too.
      const other = makeCa('uh Untrusted Root CA', 'other-ca');
      return served(makeLeaf({ issuer: other, hosts }), other);
    }
    case 'missing-intermediate':
      // Like a public CA's leaf, it names its issuer's URL (AIA); the server just does not send it.
      return served(makeLeaf({ issuer: testIntermediate(), hosts, caIssuersUrl: INTERMEDIATE_URL }));
  }
}
