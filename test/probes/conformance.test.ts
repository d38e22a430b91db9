/**
 * Every probe in the registry keeps the same duties, whatever it speaks (as the balancers'
 * conformance suite and hono's router suite do): the orchestrator and the diagnosis rely on them.
 * - an already-aborted run gives `skip`, never a throw and never a pass;
 * - `result.probe` is the probe's own key in PROBES;
 * - a `fail` carries a code or an observation (the fold and `blockedBy` read those, not words);
 * - `ms` is a number ≥ 0.
 * Each probe meets a real loopback peer it applies to: a refused port (a dead resolver for dns).
 * An exemption would be written next to its probe in EXEMPT with its reason; there is none today.
 */
import { describe, expect, it } from 'vitest';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import { PROBES } from '../../src/probes/index.js';
import type { ProbeName, ProbeResult, ProbeTarget } from '../../src/probes/types.js';
import type { UpstreamGroup } from '../../src/model/index.js';
import { probeContext, probeTarget, tlsSettings } from '../helpers/probe-context.js';

/** The group each probe is written for: the protocol or TLS setting that makes it apply. */
const GROUP_FOR: Readonly<Record<ProbeName, Partial<UpstreamGroup>>> = {
  dns: {},
  tcp: {},
  tls: { tls: tlsSettings() },
  http: {},
  h2: {},
  grpc: { protocol: 'grpc' },
  mcp: { protocol: 'mcp' },
};

/** Duties a probe is excused from, each with its reason. */
const EXEMPT: Readonly<Partial<Record<ProbeName, { readonly duty: string; readonly reason: string }>>> = {};

async function targetFor(name: ProbeName): Promise<ProbeTarget> {
  const port = await refusedPort();
  // dns resolves a name through a resolver nobody answers on (probeContext's dead loopback port).
  if (name === 'dns') return probeTarget({ host: 'app.test', port, group: GROUP_FOR.dns });
  return probeTarget({ ip: '127.0.0.1', port, group: GROUP_FOR[name] });
}

function expectWellFormed(name: ProbeName, result: ProbeResult): void {
  expect(result.probe).toBe(name);
  expect(result.ms).toBeGreaterThanOrEqual(0);
  if (result.outcome === 'fail') expect(result.code !== undefined || result.observations.length > 0).toBe(true);
  if (result.outcome === 'skip') expect(result.message).toMatch(/^skip: ./);
}

describe.each(Object.keys(PROBES) as ProbeName[])('probe %s keeps the registry\'s duties', (name) => {
  const probe = PROBES[name];

  it('an already-aborted run gives skip, without throwing', async () => {
    const result = await probe(await targetFor(name), probeContext({ signal: AbortSignal.abort(), timeoutMs: 500 }));
    expect(result.outcome).toBe('skip');
    expectWellFormed(name, result);
  });

  it('against a peer that refuses, the result names its probe and a failure carries a code or an observation', async () => {
    const result = await probe(await targetFor(name), probeContext({ timeoutMs: 500 }));
    expect(result.outcome).not.toBe('pass');
    expectWellFormed(name, result);
  });

  it('has no unexplained exemption', () => {
    const exempt = EXEMPT[name];
    if (exempt) expect(exempt.reason.length).toBeGreaterThan(10);
  });
});
