/**
 * The TLS layer. Two questions, depending on what the gateway speaks to the group:
 *
 * - `group.tls` present (the gateway speaks TLS): handshake exactly as the gateway would — its
 *   SNI (tls.sni, or the host with autoSni, or none, like nginx without proxy_ssl_server_name),
 *   trust store (tls.ca / caInline / the system's), versions, ciphers, ALPN, client certificate —
 *   then judge the certificate as a strict client (tls-verify.ts) and explain any failed handshake
 *   (tls-explain.ts). Certificate problems are critical where the gateway verifies and warnings
 *   where it does not (nginx's default `proxy_ssl_verify off`).
 *
 * - `group.tls` absent (the gateway speaks plain text): a plain-text gateway aimed at a TLS port
 *   gets an alert or garbage back, which looks like "upstream prematurely closed" / 502. So the
 *   probe sends a ClientHello anyway (`detectTlsServer`); when the port answers TLS it fails with
 *   `plaintext-to-tls`, otherwise it says `skip` ("the gateway speaks plain text").
 */
import type { Measured, Observation, Probe, ProbeContext, ProbeTarget } from './types.js';
import { skipText } from './types.js';
import { certFacts, chainOf } from './cert-facts.js';
import type { HandshakeOptions, HandshakeOutcome } from './tls-handshake.js';
import { handshake } from './tls-handshake.js';
import type { GatewayTlsView } from './tls-options.js';
import { gatewayTlsView, TlsConfigReadError } from './tls-options.js';
import { isIpLiteral } from '../model/index.js';
import { describeTlsFailure } from './tls-classify.js';
import { explainTlsFailure } from './tls-explain.js';
import { strictObservations } from './tls-verify.js';
import { formatEndpoint } from './tcp.js';
import type { TlsCode } from './codes.js';
import { isOpenSslCode, relayCode } from './codes.js';
import type { TlsFacts } from './facts.js';
import { observe } from './observe.js';
export type { TlsFacts } from './facts.js';

export type { CertFacts, ChainLink } from './cert-facts.js';


/** How long to wait for a ServerHello when only asking "does this port speak TLS?". */
const DETECT_BUDGET_MS = 1000;

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** Result codes for certificate findings OpenSSL did not name (our clock, our name check, a warning). */
const CERT_CODES: Readonly<Partial<Record<Observation['cause'], TlsCode>>> = {
  'tls-cert-expired': 'CERT_HAS_EXPIRED',
  'tls-cert-not-yet-valid': 'CERT_NOT_YET_VALID',
  'tls-cert-expiring': 'CERT_EXPIRING',
  'tls-hostname-mismatch': 'ERR_TLS_CERT_ALTNAME_INVALID',
};

function address(target: ProbeTarget): Pick<HandshakeOptions, 'ip' | 'port' | 'socketPath'> {
  return target.socketPath !== undefined ? { socketPath: target.socketPath } : { ip: target.ip!, port: target.port! };
}

function budgetMs(target: ProbeTarget, ctx: ProbeContext): number {
  return target.group.timeouts.connectMs ?? ctx.timeoutMs;
}

function unreachable(target: ProbeTarget): string | undefined {
  if (target.socketPath !== undefined) return undefined;
  if (target.ip === undefined) return 'no address to connect to (the name did not resolve)';
  if (target.port === undefined) return 'the port is unknown';
  return undefined;
}

/**
 * Does the port answer a TLS ClientHello with TLS (a ServerHello, or a TLS alert)? For the HTTP
 * layer: a plain-HTTP gateway talking to a TLS port. Bounded by min(ctx.timeoutMs, 1 s).
 */
export async function detectTlsServer(target: ProbeTarget, ctx: ProbeContext): Promise<boolean> {
  if (unreachable(target)) return false;
  const sni = target.socketPath === undefined && !isIpLiteral(target.host) ? target.host : undefined;
  const end = await handshake({
    ...address(target), ...(sni !== undefined ? { servername: sni } : {}),
    budgetMs: Math.min(ctx.timeoutMs, DETECT_BUDGET_MS), watchMs: 0, signal: ctx.signal,
  });
  if (end.kind === 'ok') return true;
  return end.kind === 'failed' && end.failure.alert !== undefined;
}

async function plaintextGroup(target: ProbeTarget, ctx: ProbeContext, started: number): Promise<Measured<'tls'>> {
  const speaksTls = await detectTlsServer(target, ctx);
  const ms = round(performance.now() - started);
  if (!speaksTls) {
    return { probe: 'tls', outcome: 'skip', ms, ...skipText('the gateway speaks plain text and the port does not speak TLS'), observations: [], facts: { chain: [], speaksTls } };
  }
  const endpoint = formatEndpoint(target);
  const evidence = [`the gateway speaks plain ${target.group.protocol} to ${endpoint}`, `${endpoint} answered a TLS ClientHello with TLS`];
  return {
    probe: 'tls', outcome: 'fail', ms, message: `${endpoint} expects TLS; the gateway speaks plain text`, code: 'PLAINTEXT_TO_TLS',
    observations: [observe('plaintext-to-tls', evidence, 0.9)], facts: { chain: [], speaksTls },
  };
}

function outcomeOf(observations: readonly Observation[]): 'pass' | 'warn' | 'fail' {
  if (observations.some((o) => o.severity === 'critical')) return 'fail';
  return observations.length > 0 ? 'warn' : 'pass';
}

function succeeded(
  end: HandshakeOutcome & { kind: 'ok' }, view: GatewayTlsView, ctx: ProbeContext, base: Partial<TlsFacts>,
): { observations: Observation[]; facts: TlsFacts; message: string } {
  const now = ctx.now();
  const cert = end.peer ? certFacts(end.peer, now) : undefined;
  const chain = end.peer ? chainOf(end.peer) : [];
  const facts: TlsFacts = {
    ...base, protocol: end.protocol, alpn: end.alpn, chain, authorized: end.authorized, handshakeMs: end.ms,
    ...(end.cipher ? { cipher: end.cipher } : {}),
    ...(cert ? { cert } : {}),
    ...(end.authorizationError ? { authorizationError: end.authorizationError } : {}),
  };
  const observations = end.peer && cert
    ? strictObservations({
      view, peer: end.peer, cert, chainLength: chain.length, now, expiringWithinDays: ctx.expiringWithinDays,
      ...(end.authorizationError ? { authorizationError: end.authorizationError } : {}),
    })
    : [];
  const summary = cert ? `, certificate ${cert.subject}, ${cert.daysLeft} days left` : '';
  const message = observations.length === 0
    ? `${end.protocol ?? 'TLS'} handshake in ${end.ms} ms${summary}`
    : `${end.protocol ?? 'TLS'} handshake: ${observations.map((o) => o.cause).join(', ')}`;
  return { observations, facts, message };
}

/** Probe the TLS layer of one target (see the file comment for what it checks and why). */
export const tlsProbe: Probe<'tls'> = async (target, ctx) => {
  const started = performance.now();
  const ms = (): number => round(performance.now() - started);
  const missing = unreachable(target);
  if (missing) return { probe: 'tls', outcome: 'skip', ms: 0, ...skipText(missing), observations: [], facts: { chain: [] } };
  const settings = target.group.tls;
  if (!settings) {
    // A stream (L4) proxy passes TLS through end to end: a TLS upstream is normal there.
    if (target.group.protocol === 'tcp' || target.group.protocol === 'udp') {
      return { probe: 'tls', outcome: 'skip', ms: 0, ...skipText(`a ${target.group.protocol} stream proxy passes TLS through; the client speaks it end to end`), observations: [], facts: { chain: [] } };
    }
    if (target.group.tlsUnknown) {
      return { probe: 'tls', outcome: 'skip', ms: 0, ...skipText('the config does not say whether the gateway speaks TLS (the scheme is a variable)'), observations: [], facts: { chain: [] } };
    }
    return plaintextGroup(target, ctx, started);
  }
  let view: GatewayTlsView;
  try {
    view = await gatewayTlsView(target, settings);
  } catch (err) {
    if (!(err instanceof TlsConfigReadError)) throw err;
    return { probe: 'tls', outcome: 'skip', ms: ms(), ...skipText(err.message), code: 'TLS_CONFIG_UNREADABLE', observations: [], facts: { chain: [] } };
  }
  const options: HandshakeOptions = {
    ...address(target), ...view, budgetMs: budgetMs(target, ctx), signal: ctx.signal,
  };
  const base: Partial<TlsFacts> = { ...(view.servername ? { sni: view.servername } : {}), verifyName: view.verifyName, verify: view.verify };
  const end = await handshake(options);
  if (end.kind === 'ok') {
    const { observations, facts, message } = succeeded(end, view, ctx, base);
    const first = observations[0]?.cause;
    // OpenSSL's verify name when it gave one, else ours; without either the first cause labels the failure.
    const verified = end.authorizationError !== undefined && isOpenSslCode(end.authorizationError) ? end.authorizationError : undefined;
    const code = first === undefined ? undefined : (verified ?? CERT_CODES[first]);
    return { probe: 'tls', outcome: outcomeOf(observations), ms: ms(), message, ...(code ? { code } : {}), observations, facts };
  }
  if (end.kind === 'aborted') {
    return { probe: 'tls', outcome: 'skip', ms: ms(), ...skipText('the run was aborted'), code: 'ABORTED', observations: [], facts: { ...base, chain: [] } };
  }
  if (end.kind === 'timeout') {
    const message = `TLS handshake with ${formatEndpoint(target)}: no answer within ${options.budgetMs} ms (Timeout awaiting 'secureConnect' for ${options.budgetMs}ms)`;
    const observations = [observe('health-timeout', [message, 'TCP connects, but the ClientHello gets no ServerHello'], 0.6)];
    return { probe: 'tls', outcome: 'fail', ms: ms(), message, code: 'TLS_HANDSHAKE_TIMEOUT', observations, facts: { ...base, chain: [] } };
  }
  const retry = (change: Partial<HandshakeOptions>): Promise<HandshakeOutcome> => handshake({ ...options, ...change });
  const observations = await explainTlsFailure(target, view, end.failure, retry);
  const message = `TLS handshake with ${formatEndpoint(target)} failed: ${describeTlsFailure(end.failure)}`;
  return { probe: 'tls', outcome: 'fail', ms: ms(), message, code: relayCode(end.failure.code), observations, facts: { ...base, chain: [] } };
};
