/**
 * After a completed handshake: look at the certificate as a strict client would (validity
 * window, trust, chain, name) and say what each problem means for THIS gateway. Where the
 * gateway verifies, a problem breaks every connection: critical. Where it does not (nginx's
 * default `proxy_ssl_verify off`), traffic flows anyway: the problem is a risk, a warning.
 * Expiring soon is always a warning.
 */
import tls from 'node:tls';
import type { DetailedPeerCertificate } from 'node:tls';
import type { Observation } from './types.js';
import type { CertFacts } from './cert-facts.js';
import { validityProblem } from './cert-facts.js';
import type { GatewayTlsView } from './tls-options.js';
import { classifyVerifyError } from './tls-classify.js';
import { observe } from './observe.js';

export interface StrictInput {
  readonly view: GatewayTlsView;
  readonly peer: DetailedPeerCertificate;
  readonly cert: CertFacts;
  /** Certificates in the chain as seen (leaf first). */
  readonly chainLength: number;
  readonly authorizationError?: string;
  readonly now: number;
  readonly expiringWithinDays: number;
}

const DIRECT = 0.95;

function tolerance(view: GatewayTlsView): { severity: Observation['severity']; note?: string } {
  return view.verify
    ? { severity: 'critical' }
    : { severity: 'warning', note: 'the gateway does not verify upstream certificates, so traffic still flows; a verifying client would reject it' };
}

/** Envoy with a trusted CA but no SAN matcher verifies the chain, not the name: a mismatch is a risk there. */
function nameUnchecked(): { severity: Observation['severity']; note: string } {
  return {
    severity: 'warning',
    note: 'the gateway verifies the chain but not the name (no match_subject_alt_names), so traffic still flows; a name-checking client would reject it',
  };
}

function withNote(lines: string[], note: string | undefined): string[] {
  return note ? [...lines, note] : lines;
}

function validityObservations(input: StrictInput): Observation[] {
  const { cert, now, view } = input;
  const { severity, note } = tolerance(view);
  const problem = validityProblem(cert, now);
  if (problem === 'expired') {
    const lines = [`certificate ${cert.subject} expired ${cert.validTo} (${-cert.daysLeft} days ago)`];
    return [observe('tls-cert-expired', withNote(lines, note), DIRECT, severity)];
  }
  if (problem === 'not-yet-valid') {
    const lines = [`certificate ${cert.subject} is valid from ${cert.validFrom}; the clock here says ${new Date(now).toISOString()}`];
    return [observe('tls-cert-not-yet-valid', withNote(lines, note), DIRECT, severity)];
  }
  if (cert.daysLeft < input.expiringWithinDays) {
    const lines = [`certificate ${cert.subject} expires ${cert.validTo}: ${cert.daysLeft} days left (threshold ${input.expiringWithinDays})`];
    return [observe('tls-cert-expiring', lines, DIRECT)];
  }
  return [];
}

function trustObservations(input: StrictInput): Observation[] {
  const code = input.authorizationError;
  if (!code) return [];
  const kind = classifyVerifyError(code);
  if (kind === 'expired' || kind === 'not-yet-valid') return []; // the validity window speaks for itself
  const { severity, note } = tolerance(input.view);
  const { cert, view } = input;
  const store = `trust store: ${view.caSource}`;
  if (kind === 'chain-incomplete' && !cert.selfSigned && input.chainLength <= 1) {
    // "Unable to verify the first certificate": the leaf's issuer is neither sent nor trusted. A leaf
    // that names its issuer's URL (AIA caIssuers, as public and most enterprise CAs write) was issued
    // by an intermediate the server should send; without that hint, an unknown private CA is likelier.
    if (cert.caIssuers.length > 0) {
      const lines = [
        `${code}: the server sent only its leaf; its issuer ${cert.issuer} is not sent and not in the ${store}`,
        `the leaf names its issuer at ${cert.caIssuers.join(', ')}: serve the full chain (leaf + intermediates)`,
      ];
      return [observe('tls-chain-incomplete', withNote(lines, note), 0.9, severity)];
    }
    const lines = [
      `${code}: issuer ${cert.issuer} is not in the ${store}, and the server sent only its leaf`,
      `if ${cert.issuer} is an intermediate, the server must send it too (incomplete chain)`,
    ];
    return [observe('tls-untrusted', withNote(lines, note), 0.7, severity)];
  }
  const why = cert.selfSigned ? 'self-signed certificate' : `issuer ${cert.issuer} is not trusted`;
  const lines = [`${code}: ${why} (${store})`];
  return [observe('tls-untrusted', withNote(lines, note), DIRECT, severity)];
}

function nameObservations(input: StrictInput): Observation[] {
  const { view, peer, cert } = input;
  const { severity, note } = view.verify && !view.verifyHostname ? nameUnchecked() : tolerance(view);
  const mismatch = tls.checkServerIdentity(view.verifyName, peer);
  const names = cert.sans.length > 0 ? cert.sans.join(', ') : `no SAN; ${cert.subject}`;
  if (mismatch) {
    const lines = [`certificate covers ${names}; the gateway verifies ${view.verifyName}`];
    return [observe('tls-hostname-mismatch', withNote(lines, note), DIRECT, severity)];
  }
  if (view.subjectAltNames.length > 0) {
    const values = new Set(cert.sans.map((s) => s.replace(/^(DNS|IP Address|URI|email):/, '')));
    if (!view.subjectAltNames.some((want) => values.has(want))) {
      const lines = [`certificate covers ${names}; the gateway accepts only ${view.subjectAltNames.join(', ')} (match_subject_alt_names)`];
      return [observe('tls-hostname-mismatch', withNote(lines, note), DIRECT, severity)];
    }
  }
  return [];
}

/** Every certificate problem a strict client would see, with severities for this gateway. */
export function strictObservations(input: StrictInput): Observation[] {
  return [...validityObservations(input), ...trustObservations(input), ...nameObservations(input)];
}
