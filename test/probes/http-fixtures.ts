/**
 * Test builders for the HTTP-family probes: a gateway active check and a ProbeTarget pointing at
 * a running fault server.
 */
import type { ActiveHealthCheck, UpstreamGroup } from '../../src/model/index.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import type { ProbeTarget } from '../../src/probes/types.js';
import { probeTarget } from '../helpers/probe-context.js';

/** A declared active check (the gateway's), defaults like uh YAML: GET, 200-399, rise 2, fall 3. */
export function activeCheck(overrides: Partial<ActiveHealthCheck> = {}): ActiveHealthCheck {
  return {
    type: 'http', path: '/health', intervalMs: 5000, timeoutMs: 1000, expectStatus: [], rise: 2, fall: 3,
    origin: 'uh', declared: {}, loc: { file: 'test.yaml', line: 1, column: 1 }, ...overrides,
  };
}

/** The probe target for `fault`, in a group with these overrides (and optionally a declared check). */
export function targetFor(fault: RunningFault, group: Partial<UpstreamGroup> = {}, host?: string): ProbeTarget {
  return probeTarget({ host: host ?? fault.host, ip: fault.host, port: fault.port, group });
}
