/**
 * Literal models and probe results for diagnosis tests: the model is plain data, so a test can
 * say exactly which group, which target and what each probe saw.
 */
import type { CauseId, Severity } from '../../src/causes/catalog.js';
import type { GatewayConfig, Target, UpstreamGroup } from '../../src/model/index.js';
import type { AddressRun, TargetRun } from '../../src/probes/run.js';
import type { ProbeName, ProbeOutcome, ProbeResult } from '../../src/probes/types.js';
import { blockedSkip, skipped } from '../../src/probes/types.js';

export const loc = (line: number, file = 'gw.yaml') => ({ file, line, column: 3 });

export function target(address: string, overrides: Partial<Target> = {}): Target {
  const [host, port] = address.split(/:(?=\d+$)/);
  return {
    address, host: host!, port: Number(port), socket: 'inet', backup: false, down: false, resolve: false,
    flags: [], params: {}, loc: loc(10), ...overrides,
  };
}

export function group(name: string, targets: readonly Target[], overrides: Partial<UpstreamGroup> = {}): UpstreamGroup {
  return {
    name, source: 'uh', discovery: 'static', targets, protocol: 'http1',
    health: { active: activeCheck() }, balance: 'p2c', timeouts: {}, onAllUnhealthy: 'fail_closed', explain: 'summary',
    resolvers: [], params: {}, loc: loc(5), ...overrides,
  };
}

export function activeCheck(overrides: Partial<NonNullable<UpstreamGroup['health']['active']>> = {}) {
  return {
    type: 'http' as const, path: '/health', intervalMs: 5000, timeoutMs: 1000, expectStatus: [], rise: 2, fall: 3,
    origin: 'uh', declared: {}, loc: loc(7), ...overrides,
  };
}

export function config(groups: readonly UpstreamGroup[], overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return {
    source: { path: 'gw.yaml', format: 'uh', files: ['gw.yaml'] },
    groups, routes: groups.map((g) => ({ match: { pathPrefix: '/' }, upstream: g.name, via: 'routes', loc: loc(30) })),
    unresolved: [], resolvers: [], ignore: [], serve: {}, notes: [], ...overrides,
  };
}

export function result(
  probe: ProbeName, outcome: ProbeOutcome, message: string,
  observation?: { cause: CauseId; severity?: Severity; confidence?: number; evidence?: string[] }, facts: Record<string, unknown> = {},
): ProbeResult {
  return {
    probe, outcome, ms: 1.5, message, facts,
    observations: observation ? [{
      cause: observation.cause, severity: observation.severity ?? 'critical', confidence: observation.confidence ?? 0.95,
      evidence: observation.evidence ?? [message],
    }] : [],
  };
}

export const pass = (probe: ProbeName, facts: Record<string, unknown> = {}) => result(probe, 'pass', `${probe} ok`, undefined, facts);

/** A run where the target is an IP literal and these results were seen on its one address. */
export function run(g: UpstreamGroup, t: Target, results: readonly ProbeResult[], paths?: readonly AddressRun[]): TargetRun {
  return {
    group: g, target: t, dns: skipped('dns', `${t.host} is an IP literal, no lookup`),
    paths: paths ?? [{ ip: t.host, results }],
  };
}

/** tcp refused, and what the orchestrator does with the later layers. */
export function refused(address: string): ProbeResult[] {
  return [
    result('tcp', 'fail', `connect ECONNREFUSED ${address}`, { cause: 'tcp-refused', evidence: [`connect ECONNREFUSED ${address} after 0.4 ms`] }),
    blockedSkip('tls', { probe: 'tcp', code: 'ECONNREFUSED' }),
    blockedSkip('http', { probe: 'tcp', code: 'ECONNREFUSED' }),
    blockedSkip('h2', { probe: 'tcp', code: 'ECONNREFUSED' }),
  ];
}

export function healthy(latencyMs = 5): ProbeResult[] {
  return [pass('tcp'), skipped('tls', 'the gateway speaks plain text'), pass('http', { latencyMs }), pass('h2')];
}
