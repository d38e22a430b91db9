/**
 * The health-endpoint layer: send the gateway's own active check (method, path, Host, headers,
 * port, expected statuses and body; nginx Plus `health_check`/`match`, Envoy `http_health_check`)
 * or uh's default (`GET /`, any status below 500), several times in a row, and say what the
 * answers mean. A check that times out is not given up at once: uh keeps listening (`--patience`,
 * see patience.ts) to tell a hung upstream from a check that is merely too impatient.
 */
import type { Measured, Observation, Probe, ProbeContext, ProbeTarget } from './types.js';
import { skipped } from './types.js';
import { cause } from '../causes/catalog.js';
import type { HealthExpectation } from './http-classify.js';
import { classifyAnswer, classifyFailure, expectationFor, seconds, statusLine } from './http-classify.js';
import type { DialAddress } from './http-connect.js';
import { describeDial, dialAddress, gatewayTlsOptions, hostHeader } from './http-connect.js';
import { detectTlsServer } from './tls.js';
import type { SampleRequest, TimedSample } from './http-sample.js';
import { takeSample } from './http-sample.js';
import { bodyExcerpt } from './body-excerpt.js';
import { patientWaitMs, patiently } from './patience.js';
import type { ProbeResultCode } from './codes.js';
import type { HttpFacts } from './facts.js';
export type { HttpFacts } from './facts.js';


/** Protocols this probe does not speak: another probe (h2, grpc, mcp) or none applies. */
const NOT_FOR_THIS_PROBE: Readonly<Record<string, string>> = {
  tcp: 'the gateway proxies TCP, not HTTP',
  udp: 'the gateway proxies UDP, not HTTP',
  fastcgi: 'the gateway speaks FastCGI, not HTTP',
  uwsgi: 'the gateway speaks uwsgi, not HTTP',
  scgi: 'the gateway speaks SCGI, not HTTP',
};

interface Plan {
  readonly req: Omit<SampleRequest, 'signal'>;
  readonly want: HealthExpectation;
  readonly url: string;
  readonly secure: boolean;
}

export const httpProbe: Probe<'http'> = async (target, ctx) => {
  const started = performance.now();
  const why = reasonToSkip(target);
  if (why) return skipped('http', why);
  const plan = await planFor(target, ctx).catch((err: Error) => err);
  if (plan instanceof Error) return skipped('http', `cannot build the TLS settings: ${plan.message}`);
  if (!plan) return skipped('http', 'no address to connect to (unresolved host or unknown port)');
  const samples: TimedSample[] = [];
  for (let i = 0; i < Math.max(1, ctx.samples) && !ctx.signal.aborted; i++) {
    const reuse = i === 0 && !plan.secure && dialsTarget(plan.req.addr, target) ? ctx.handoff?.take() : undefined;
    const sample = await patiently(takeSample({ ...plan.req, signal: ctx.signal, ...(reuse ? { reuse } : {}) }), ctx);
    samples.push(sample);
    if (sample.status === undefined) break; // no answer: more samples would only repeat the wait
  }
  const verdicts = await judge(samples, plan, target, ctx);
  const decided = verdicts.filter((v) => !v.inconclusive);
  if (decided.length === 0) {
    const ms = Math.round(performance.now() - started);
    return { ...skipped('http', `cancelled after ${seconds(ms)}, before the check's ${seconds(plan.want.timeoutMs)} timeout`), ms };
  }
  return summarise(samples.filter((_, i) => !verdicts[i]!.inconclusive), decided, plan, performance.now() - started);
};

/** The check connects where the TCP layer did (not to a separate health port). */
function dialsTarget(addr: DialAddress, target: ProbeTarget): boolean {
  return 'socketPath' in addr ? addr.socketPath === target.socketPath : addr.ip === target.ip && addr.port === target.port;
}

function reasonToSkip(target: ProbeTarget): string | undefined {
  const check = target.group.health.active;
  if (check && check.type !== 'http') return `the gateway's active check is ${check.type}, not http`;
  if (!check && target.group.protocol === 'grpc') return 'the gateway speaks gRPC and declares no http check; the grpc probe checks health';
  return NOT_FOR_THIS_PROBE[target.group.protocol];
}

async function planFor(target: ProbeTarget, ctx: ProbeContext): Promise<Plan | undefined> {
  const check = target.group.health.active;
  const addr = dialAddress(target, check?.port);
  if (!addr) return undefined;
  const want = expectationFor(check, ctx.timeoutMs);
  const secure = target.group.tls !== undefined;
  const http2 = speaksH2(target.group.protocol) ? (secure ? 'alpn' : 'prior-knowledge') : undefined;
  const alpn = http2 ? ['h2', 'http/1.1'] : ['http/1.1'];
  const tlsOptions = target.group.tls ? await gatewayTlsOptions(target, target.group.tls, alpn) : undefined;
  const port = 'socketPath' in addr ? undefined : addr.port;
  const host = check?.host ?? hostHeader(target.host, port, secure);
  const path = check?.path ?? '/';
  const method = check?.method ?? 'GET';
  const waitMs = patientWaitMs(want.timeoutMs, ctx.patience);
  const scheme = secure ? 'https' : 'http';
  const req: Omit<SampleRequest, 'signal'> = {
    addr, origin: `${scheme}://${originHost(addr)}`, method, path, tlsOptions, waitMs, http2,
    headers: { 'user-agent': 'uh-health-check', ...check?.headers, host },
    connectTimeoutMs: target.group.timeouts.connectMs ?? ctx.timeoutMs,
  };
  return { req, want, secure, url: `${scheme}://${host}${path}` };
}

/** The gateway speaks HTTP/2 to these: the check goes over h2 too (ALPN over TLS, prior knowledge in clear). */
function speaksH2(protocol: string): boolean {
  return protocol === 'h2' || protocol === 'h2c' || protocol === 'grpc';
}

function originHost(addr: DialAddress): string {
  return 'socketPath' in addr ? 'localhost' : describeDial(addr);
}

interface Verdict {
  readonly pass: boolean;
  readonly obs?: Observation;
  /** Cancelled before the check's timeout: neither pass nor fail. */
  readonly inconclusive?: boolean;
}

async function judge(samples: readonly TimedSample[], plan: Plan, target: ProbeTarget, ctx: ProbeContext): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (const sample of samples) {
    if (sample.status !== undefined) {
      const obs = classifyAnswer(sample, plan.want);
      verdicts.push({ pass: obs === undefined, obs });
      continue;
    }
    if (sample.h2Frame) {
      verdicts.push({ pass: false, obs: h2OnlyObservation(sample) });
      continue;
    }
    const mayBeTls = !plan.secure && ['NOT_HTTP', 'CLOSED', 'ECONNRESET', 'EPIPE'].includes(sample.code ?? '');
    const port = 'port' in plan.req.addr ? plan.req.addr.port : target.port;
    const tlsOnPort = mayBeTls && (await detectTlsServer({ ...target, port }, ctx));
    const waited = sample.waitedMs ?? plan.req.waitMs;
    // Cancelled before the check's own timeout passed: silence so far proves nothing.
    const inconclusive = sample.code === 'HEADERS_TIMEOUT' && waited < plan.want.timeoutMs;
    verdicts.push(inconclusive ? { pass: false, inconclusive } : { pass: false, obs: classifyFailure(sample, waited, tlsOnPort) });
  }
  return verdicts;
}

function h2OnlyObservation(sample: TimedSample): Observation {
  return {
    cause: 'protocol-http1-to-h2-only', severity: cause('protocol-http1-to-h2-only').severity, confidence: 0.85,
    evidence: [`an HTTP/1.1 request was answered with an HTTP/2 ${sample.h2Frame ?? ''} frame: the port speaks h2 only`],
  };
}

function summarise(samples: readonly TimedSample[], verdicts: readonly Verdict[], plan: Plan, ms: number): Measured<'http'> {
  const answered = samples.filter((s) => s.status !== undefined);
  const last = answered.at(-1) ?? samples.at(-1)!;
  const observations = observationsOf(samples, verdicts, plan);
  const outcome = observations.some((o) => o.severity === 'critical') || (observations.length === 0 && verdicts.some((v) => !v.pass))
    ? 'fail' : observations.length > 0 ? 'warn' : 'pass';
  const facts: HttpFacts = {
    url: plan.url, method: plan.req.method, host: plan.req.headers.host, check: plan.want.origin, checkTimeoutMs: plan.want.timeoutMs,
    samples: samples.map((s) => ({ status: s.status, ms: round(s.ms), code: s.code })),
    status: last.status,
    latencyMs: answered.length > 0 ? round(median(answered.map((s) => s.firstByteMs ?? s.ms))) : undefined,
    timings: {
      tcp: maybeRound(last.timings.tcpMs), tls: maybeRound(last.timings.tlsMs),
      firstByte: maybeRound(last.timings.firstByteMs), total: round(last.timings.totalMs),
    },
    headers: last.headers,
    bodyExcerpt: last.status !== undefined ? bodyExcerpt(last.body) : undefined,
  };
  const code = outcome === 'pass' ? undefined : (observations[0] ? codeFor(last) : last.code);
  return { probe: 'http', outcome, ms: round(ms), message: messageFor(plan, samples, verdicts), code, observations, facts };
}

function observationsOf(samples: readonly TimedSample[], verdicts: readonly Verdict[], plan: Plan): Observation[] {
  const passes = verdicts.filter((v) => v.pass).length;
  const fails = verdicts.length - passes;
  if (passes > 0 && fails > 0) {
    const trail = samples.map((s, i) => `${s.status ?? s.code} (${seconds(s.ms)}${verdicts[i]!.pass ? '' : ', fails'})`).join(', ');
    const why = verdicts.flatMap((v) => v.obs?.evidence ?? []).slice(0, 2);
    return [{
      cause: 'upstream-flapping', severity: cause('upstream-flapping').severity, confidence: 0.7,
      evidence: [`${plan.req.method} ${plan.req.path}: ${passes}/${verdicts.length} samples pass: ${trail}`, ...why],
    }];
  }
  const byCause = new Map<string, Observation>();
  for (const v of verdicts) {
    if (!v.obs) continue;
    const seen = byCause.get(v.obs.cause);
    const evidence = seen ? [...new Set([...seen.evidence, ...v.obs.evidence])].slice(0, 4) : v.obs.evidence;
    byCause.set(v.obs.cause, { ...v.obs, evidence });
  }
  const count = verdicts.length > 1 ? `${fails}/${verdicts.length} samples fail` : undefined;
  return [...byCause.values()].map((o) => ({ ...o, evidence: count ? [...o.evidence, `${plan.req.method} ${plan.url}: ${count}`] : [...o.evidence, `${plan.req.method} ${plan.url}`] }));
}

function codeFor(sample: TimedSample): ProbeResultCode {
  return sample.status !== undefined ? 'HTTP_STATUS' : (sample.code ?? 'ERROR');
}

function messageFor(plan: Plan, samples: readonly TimedSample[], verdicts: readonly Verdict[]): string {
  const over = plan.req.http2 === 'prior-knowledge' ? ' over h2c' : plan.req.http2 === 'alpn' ? ' over h2' : '';
  const head = `${plan.req.method} ${plan.req.path}${over}`;
  const last = samples.at(-1)!;
  const passes = verdicts.filter((v) => v.pass).length;
  const tally = samples.length > 1 ? ` (${passes}/${samples.length} samples pass)` : '';
  if (last.status !== undefined) return `${head} → ${statusLine(last)} in ${seconds(last.firstByteMs ?? last.ms)}${tally}`;
  if (last.code === 'HEADERS_TIMEOUT') return `${head} → no response in ${seconds(last.waitedMs ?? plan.req.waitMs)} (${describeDial(plan.req.addr)})`;
  return `${head} → ${last.error ?? last.code ?? 'failed'} (${describeDial(plan.req.addr)})`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function maybeRound(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : round(ms);
}
