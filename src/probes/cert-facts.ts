/**
 * Certificate facts as an SRE reads them in `openssl s_client -showcerts` output: subject,
 * issuer, SANs, validity window, days left, and the chain as the client saw it. Pure functions
 * over Node's `PeerCertificate`, with the clock passed in (ProbeContext.now) so validity-window
 * tests do not depend on the wall clock.
 */
import type { DetailedPeerCertificate, PeerCertificate } from 'node:tls';

const DAY_MS = 86_400_000;
/** A chain deeper than this is not real; the bound also stops a self-referencing issuer loop. */
const MAX_CHAIN = 10;

export interface CertFacts {
  /** `CN=users.internal, O=Example`. */
  readonly subject: string;
  readonly issuer: string;
  /** Subject alternative names as `DNS:name` / `IP Address:1.2.3.4` (OpenSSL's spelling). */
  readonly sans: readonly string[];
  /** ISO 8601. */
  readonly validFrom: string;
  readonly validTo: string;
  /** Whole days until notAfter, truncated toward zero (negative once expired), from the probe's clock. */
  readonly daysLeft: number;
  readonly serialNumber: string;
  readonly fingerprint256: string;
  /** Subject equals issuer: nobody vouches for it but itself. */
  readonly selfSigned: boolean;
  /** Authority Information Access "CA Issuers" URLs: where the missing intermediate could be fetched. */
  readonly caIssuers: readonly string[];
}

export interface ChainLink {
  readonly subject: string;
  readonly issuer: string;
  readonly validTo: string;
}

type Dn = PeerCertificate['subject'] | undefined;

/** A distinguished name in the usual order, `CN=…, OU=…, O=…, C=…`; missing parts are left out. */
export function formatDn(dn: Dn): string {
  if (!dn) return '';
  const order = ['CN', 'OU', 'O', 'L', 'ST', 'C'];
  const record = dn as unknown as Record<string, string | string[] | undefined>;
  const keys = [...order.filter((k) => k in record), ...Object.keys(record).filter((k) => !order.includes(k))];
  return keys
    .map((k) => {
      const v = record[k];
      return v === undefined ? undefined : `${k}=${Array.isArray(v) ? v.join('+') : v}`;
    })
    .filter((x): x is string => x !== undefined)
    .join(', ');
}

/** `DNS:a, IP Address:1.2.3.4` → `['DNS:a', 'IP Address:1.2.3.4']`. */
export function parseSans(subjectaltname: string | undefined): string[] {
  if (!subjectaltname) return [];
  return subjectaltname.split(/,\s*/).map((s) => s.trim()).filter((s) => s.length > 0);
}

function isoDate(text: string): string {
  const t = Date.parse(text);
  return Number.isNaN(t) ? text : new Date(t).toISOString();
}

function caIssuers(cert: PeerCertificate): string[] {
  const aia = (cert as { infoAccess?: Record<string, string[] | undefined> }).infoAccess;
  return aia?.['CA Issuers - URI'] ?? [];
}

/** Facts about one certificate, days counted from `now` (ms since epoch). */
export function certFacts(cert: PeerCertificate, now: number): CertFacts {
  const validTo = isoDate(cert.valid_to);
  return {
    subject: formatDn(cert.subject),
    issuer: formatDn(cert.issuer),
    sans: parseSans(cert.subjectaltname),
    validFrom: isoDate(cert.valid_from),
    validTo,
    daysLeft: Math.trunc((Date.parse(validTo) - now) / DAY_MS),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    selfSigned: formatDn(cert.subject) === formatDn(cert.issuer),
    caIssuers: caIssuers(cert),
  };
}

/** The chain as the client saw it (leaf first; Node completes it from the trust store when it can). */
export function chainOf(leaf: DetailedPeerCertificate): ChainLink[] {
  const chain: ChainLink[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = leaf;
  while (current && chain.length < MAX_CHAIN && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push({ subject: formatDn(current.subject), issuer: formatDn(current.issuer), validTo: isoDate(current.valid_to) });
    current = current.issuerCertificate;
  }
  return chain;
}

/** Whether `now` is outside [validFrom, validTo]: 'expired', 'not-yet-valid', or undefined when inside. */
export function validityProblem(facts: CertFacts, now: number): 'expired' | 'not-yet-valid' | undefined {
  if (now > Date.parse(facts.validTo)) return 'expired';
  if (now < Date.parse(facts.validFrom)) return 'not-yet-valid';
  return undefined;
}
