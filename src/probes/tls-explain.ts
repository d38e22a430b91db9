/**
 * A failed handshake, explained. Most alerts name their cause (unrecognized_name → SNI,
 * certificate_required → mTLS, protocol_version → versions). `handshake_failure` (40) does not:
 * servers send it for "no certificate for that SNI", "you sent no client certificate" (TLS 1.2)
 * and "no common cipher". So, like an SRE with `openssl s_client`, we change one thing at a time
 * and retry (bounded: at most three extra handshakes):
 *   1. send the host name as SNI        → now it works: tls-sni-required
 *   2. present a throwaway client cert  → now it works, or the answer changes (a certificate
 *                                         alert, or a hang-up after judging it): tls-client-cert-required
 *   3. drop the gateway's version/cipher pins → now it works: tls-version-mismatch
 */
import { isIpLiteral } from '../model/index.js';
import type { CauseId } from '../causes/catalog.js';
import type { Observation, ProbeTarget } from './types.js';
import type { TlsFailure } from './tls-classify.js';
import { describeTlsFailure } from './tls-classify.js';
import type { HandshakeOptions, HandshakeOutcome } from './tls-handshake.js';
import type { GatewayTlsView } from './tls-options.js';
import { observe } from './observe.js';

type Retry = (change: Partial<HandshakeOptions>) => Promise<HandshakeOutcome>;

/** Argument order kept for the call sites below; the severity is the catalog's. */
function obs(cause: CauseId, confidence: number, evidence: string[]): Observation {
  return observe(cause, evidence, confidence);
}

function sentSni(view: GatewayTlsView): string {
  return view.servername === undefined ? 'without SNI' : `with SNI ${view.servername}`;
}

/** The name worth trying as SNI when the gateway's own choice failed. */
function sniCandidate(target: ProbeTarget, view: GatewayTlsView): string | undefined {
  const candidates = [view.verifyName, target.host].filter((n) => !isIpLiteral(n) && n !== view.servername);
  return target.target.socket === 'unix' ? undefined : candidates[0];
}

let throwaway: { cert: string; key: string } | undefined;
/** A self-signed client certificate nobody trusts: only its effect on the server's answer matters. */
async function throwawayClientCert(): Promise<{ cert: string; key: string }> {
  if (!throwaway) {
    // node-forge is large: load it only on the rare path that needs a client certificate.
    const { makeLeaf, warmKey } = await import('../pki/certs.js');
    await warmKey('client');
    const leaf = makeLeaf({ hosts: ['uh-probe.invalid'], keyRole: 'client' });
    throwaway = { cert: leaf.certPem, key: leaf.keyPem };
  }
  return throwaway;
}

function alpnObservation(view: GatewayTlsView, what: string): Observation {
  const offered = view.alpn.join(', ');
  const h2Only = view.alpn.includes('h2') && !view.alpn.includes('http/1.1');
  const cause: CauseId = h2Only ? 'protocol-h2-unsupported' : 'protocol-http1-to-h2-only';
  return obs(cause, 0.85, [`handshake offering ALPN [${offered}] failed: ${what}`, 'client and server share no application protocol']);
}

async function explainHandshakeFailure(
  target: ProbeTarget, view: GatewayTlsView, what: string, retry: Retry,
): Promise<Observation> {
  const name = sniCandidate(target, view);
  if (name !== undefined) {
    const withSni = await retry({ servername: name });
    if (withSni.kind === 'ok') {
      return obs('tls-sni-required', 0.9, [`handshake ${sentSni(view)} failed: ${what}`, `the same handshake with SNI ${name} succeeds`]);
    }
  }
  if (view.cert === undefined) {
    const withCert = await retry({ ...(await throwawayClientCert()) });
    // Any change in the answer shows the server looks at client certificates: success, a certificate
    // alert, or (Node, some proxies) hanging up once it has judged the certificate.
    const changed = withCert.kind === 'ok'
      || (withCert.kind === 'failed' && (withCert.failure.kind === 'client-cert' || withCert.failure.kind === 'closed'));
    if (changed) {
      const then = withCert.kind === 'ok' ? 'succeeds' : `fails differently: ${describeTlsFailure(withCert.failure)}`;
      return obs('tls-client-cert-required', withCert.kind === 'ok' ? 0.9 : 0.8, [
        `handshake without a client certificate failed: ${what}`,
        `presenting a (self-signed) client certificate, it ${then}: the server requires one (mTLS)`,
      ]);
    }
  }
  if (view.minVersion || view.maxVersion || view.ciphers) {
    const open = await retry({ minVersion: undefined, maxVersion: undefined, ciphers: undefined });
    if (open.kind === 'ok') {
      const pins = `versions ${view.minVersion ?? 'default'}..${view.maxVersion ?? 'default'}${view.ciphers ? `, ciphers ${view.ciphers}` : ''}`;
      return obs('tls-version-mismatch', 0.9, [`handshake with the gateway's ${pins} failed: ${what}`, `without those pins it negotiates ${open.protocol ?? '?'}`]);
    }
  }
  return obs('tls-version-mismatch', 0.5, [
    `handshake ${sentSni(view)} failed: ${what}`,
    'no shared version or cipher, or the server wants something the gateway does not offer (SNI or client certificate retries did not help)',
  ]);
}

/**
 * Observations for a handshake that failed with `failure`. `retry` repeats the gateway's
 * handshake with one option changed.
 */
export async function explainTlsFailure(
  target: ProbeTarget, view: GatewayTlsView, failure: TlsFailure, retry: Retry,
): Promise<Observation[]> {
  const what = describeTlsFailure(failure);
  switch (failure.kind) {
    case 'plaintext':
      return [obs('tls-to-plaintext', 0.95, [`TLS ClientHello answered with non-TLS bytes: ${what}`, 'the port speaks plain text; the gateway speaks TLS to it'])];
    case 'sni-required':
      return [obs('tls-sni-required', 0.95, [`handshake ${sentSni(view)} rejected: ${what}`])];
    case 'client-cert': {
      const had = view.cert === undefined ? 'the gateway presents no client certificate' : 'the server rejected the client certificate the gateway presents';
      return [obs('tls-client-cert-required', 0.95, [`handshake rejected: ${what}`, had])];
    }
    case 'version': {
      const pins = `the gateway allows ${view.minVersion ?? 'default'}..${view.maxVersion ?? 'default'}`;
      return [obs('tls-version-mismatch', 0.95, [`handshake rejected: ${what}`, pins])];
    }
    case 'alpn':
      return [alpnObservation(view, what)];
    case 'handshake-failure':
      return [await explainHandshakeFailure(target, view, what, retry)];
    default:
      return [];
  }
}
