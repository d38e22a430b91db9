/**
 * What one health-check answer means, as a catalog cause. Pure functions over data, so the rules
 * (which status is accepted, what a 429 means, when samples flap) are testable without sockets.
 */
import { STATUS_CODES } from 'node:http';
import type { ActiveHealthCheck, BodyMatch, StatusRange } from '../model/index.js';
import type { Observation } from './types.js';
import { quotedExcerpt } from './body-excerpt.js';
import type { ProbeResultCode } from './codes.js';
import { observe } from './observe.js';

/** One health request's answer (or the lack of one), as the sampler saw it. */
export interface HttpSample {
  /** Status code when a response head arrived. */
  readonly status?: number;
  readonly statusText?: string;
  /** Wall time of the sample, ms. */
  readonly ms: number;
  /** Time to the response head, ms (undefined when none came). */
  readonly firstByteMs?: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Failure code when no usable response came (`HEADERS_TIMEOUT`, `NOT_HTTP`, `ECONNRESET`...). */
  readonly code?: ProbeResultCode;
  /** Human line for that failure. */
  readonly error?: string;
  /** The first bytes the peer sent, printable, when they were not HTTP. */
  readonly firstBytes?: string;
}

/** How a sample is judged: the gateway's check, or uh's default where the gateway has none. */
export interface HealthExpectation {
  readonly expectStatus: readonly StatusRange[];
  readonly expectBody?: BodyMatch;
  /** The check's timeout, ms: an answer after it is a failure for the gateway. */
  readonly timeoutMs: number;
  /** `gateway` when the config declares an active check, else `uh default`. */
  readonly origin: 'gateway' | 'uh default';
}

/**
 * uh's defaults where the gateway has no active check: `GET /`, any status below 500 passes (the
 * service is up even if `/` is a 404); a declared check with no statuses accepts 200-399 (CONTRACT §5).
 */
export function expectationFor(check: ActiveHealthCheck | undefined, fallbackTimeoutMs: number): HealthExpectation {
  if (!check) return { expectStatus: [{ from: 100, to: 499 }], timeoutMs: fallbackTimeoutMs, origin: 'uh default' };
  const expectStatus = check.expectStatus.length > 0 ? check.expectStatus : [{ from: 200, to: 399 }];
  return { expectStatus, expectBody: check.expectBody, timeoutMs: check.timeoutMs, origin: 'gateway' };
}

export function statusAccepted(status: number, ranges: readonly StatusRange[]): boolean {
  return ranges.some((r) => status >= r.from && status <= r.to);
}

/** Substring, `/regex/` or its negation (nginx `match { body !~ ... }`). */
export function bodyMatches(body: string, match: BodyMatch): boolean {
  if (match.kind === 'substring') return body.includes(match.value);
  let re: RegExp;
  try {
    re = new RegExp(match.value, match.flags);
  } catch {
    return false;
  }
  return match.kind === 'regex' ? re.test(body) : !re.test(body);
}

/** `503 Service Unavailable` */
export function statusLine(sample: HttpSample): string {
  const status = sample.status ?? 0;
  return `${status} ${sample.statusText || STATUS_CODES[status] || ''}`.trim();
}


function describeMatch(match: BodyMatch): string {
  if (match.kind === 'substring') return `contain ${JSON.stringify(match.value)}`;
  return `${match.kind === 'regex' ? 'match' : 'not match'} /${match.value}/${match.flags ?? ''}`;
}

/** nginx answers a plain request on its TLS port with this 400 (ngx_http_request.c). */
const PLAIN_TO_HTTPS = /plain HTTP request was sent to HTTPS port/i;

/**
 * The cause one answered sample shows, or undefined when the gateway would count it as a pass.
 * Order matters: overload (429, 503 + Retry-After, RFC 9110 §10.2.3) is not a wrong check, and a
 * 404/405 says the check probes the wrong path before any body rule applies.
 */
export function classifyAnswer(sample: HttpSample, want: HealthExpectation): Observation | undefined {
  if (sample.status === undefined) return undefined;
  const line = statusLine(sample);
  const excerpt = quotedExcerpt(sample.body);
  const retryAfter = sample.headers['retry-after'];
  if (sample.status === 400 && PLAIN_TO_HTTPS.test(sample.body)) {
    return observe('plaintext-to-tls', [`${line}: ${excerpt}`], 0.95);
  }
  if (sample.status === 429 || (sample.status === 503 && retryAfter !== undefined)) {
    const ra = retryAfter === undefined ? '' : ` (retry-after: ${retryAfter})`;
    return observe('upstream-overloaded', [`${line}${ra}: ${excerpt}`], 0.85);
  }
  const accepted = statusAccepted(sample.status, want.expectStatus);
  if (!accepted) {
    if (sample.status === 404 || sample.status === 405) return observe('health-path-not-found', [`${line}: ${excerpt}`]);
    if (sample.status === 401 || sample.status === 403) {
      const challenge = sample.headers['www-authenticate'];
      const extra = challenge ? ` (www-authenticate: ${challenge})` : '';
      return observe('health-auth-required', [`${line}${extra}`]);
    }
    return observe('health-status-mismatch', [`${line}: ${excerpt}`]);
  }
  if (want.expectBody && !bodyMatches(sample.body, want.expectBody)) {
    return observe('health-body-mismatch', [`${line}, body ${excerpt} does not ${describeMatch(want.expectBody)}`]);
  }
  if ((sample.firstByteMs ?? sample.ms) > want.timeoutMs) {
    return observe('health-timeout-too-short', [
      `answered in ${seconds(sample.firstByteMs ?? sample.ms)}; check timeout ${seconds(want.timeoutMs)}`,
    ], 0.85);
  }
  return undefined;
}

/**
 * The cause of a sample with no usable response. `HEADERS_TIMEOUT` means the peer accepted the
 * connection and the request and said nothing, even after uh waited longer than the check would.
 */
export function classifyFailure(sample: HttpSample, waitedMs: number, tlsOnPort: boolean): Observation | undefined {
  if (sample.code === 'HEADERS_TIMEOUT') {
    return observe('health-timeout', [`accepted the connection, no response in ${seconds(waitedMs)}`], 0.9);
  }
  if (tlsOnPort) {
    return observe('plaintext-to-tls', [
      `plain HTTP request answered with ${sample.error ?? sample.code ?? 'no response'}; the port completes a TLS handshake`,
    ], 0.95);
  }
  if (sample.code === 'NOT_HTTP') {
    const bytes = sample.firstBytes ? `: "${sample.firstBytes}"` : '';
    return observe('protocol-not-http', [`the answer is not HTTP${bytes}`], 0.9);
  }
  return undefined;
}

/** `2.3 s` / `850 ms`: evidence is read by people. */
export function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
