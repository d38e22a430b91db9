/**
 * The probe registry, in diagnostic-flow order (CONTRACT §1 layers): name resolution, then the
 * connection, then TLS, then the health endpoint, then the application protocol. The orchestrator
 * (`run.ts`) reads probes from here so tests and `uh serve` can swap a set without touching the flow.
 */
import { dnsProbe } from './dns.js';
import { grpcProbe } from './grpc.js';
import { h2Probe } from './h2.js';
import { httpProbe } from './http.js';
import { mcpProbe } from './mcp.js';
import { tcpProbe } from './tcp.js';
import { tlsProbe } from './tls.js';
import type { UpstreamGroup } from '../model/index.js';
import type { Probe, ProbeName } from './types.js';

/** Every probe by name, each typed by its own facts: `tcp` must be a `Probe<'tcp'>`. */
export type ProbeSet = { readonly [N in ProbeName]: Probe<N> };

/** Every probe by name; insertion order is the layer order. */
export const PROBES: ProbeSet = {
  dns: dnsProbe,
  tcp: tcpProbe,
  tls: tlsProbe,
  http: httpProbe,
  h2: h2Probe,
  grpc: grpcProbe,
  mcp: mcpProbe,
};

/** The layers a target goes through, each a list of probe names tried at that layer. */
export const PROBE_LAYERS = {
  resolve: ['dns'],
  connect: ['tcp'],
  secure: ['tls'],
  health: ['http', 'grpc', 'mcp'],
  protocol: ['h2', 'grpc', 'mcp'],
} as const satisfies Readonly<Record<string, readonly ProbeName[]>>;

export type ProbeStage = keyof typeof PROBE_LAYERS;

/** One step of a target's chain: which probe, at which stage, or why it does not apply. */
export interface PlannedProbe {
  readonly stage: ProbeStage;
  readonly probe: ProbeName;
  /** Set when the probe does not apply to this group (e.g. no HTTP for a stream proxy). */
  readonly skip?: string;
}

const HTTP_PROTOCOLS: ReadonlySet<string> = new Set(['http1', 'http1.0', 'h2', 'h2c', 'grpc', 'mcp']);

/**
 * The chain after DNS for one group, probing the way the gateway would: the health probe is the
 * gateway's active check type (nginx Plus `health_check`, Envoy `*_health_check`, uh `health.active`)
 * or, without one, what the protocol implies; the protocol layer checks that the upstream speaks
 * what the gateway speaks (h2 / h2c / HTTP/1.1), then gRPC health or MCP `initialize` when that is
 * the protocol and the health stage has not already run it.
 */
export function planProbes(group: UpstreamGroup): PlannedProbe[] {
  const steps: PlannedProbe[] = [{ stage: 'connect', probe: 'tcp' }, { stage: 'secure', probe: 'tls' }];
  const health = healthProbeFor(group);
  if (typeof health === 'string') steps.push({ stage: 'health', probe: health });
  else steps.push({ stage: 'health', probe: 'http', skip: health.skip });
  if (!HTTP_PROTOCOLS.has(group.protocol)) {
    steps.push({ stage: 'protocol', probe: 'h2', skip: `the gateway speaks ${group.protocol}, not HTTP` });
    return steps;
  }
  steps.push({ stage: 'protocol', probe: 'h2' });
  if (group.protocol === 'grpc' && health !== 'grpc') steps.push({ stage: 'protocol', probe: 'grpc' });
  if (group.protocol === 'mcp' && health !== 'mcp') steps.push({ stage: 'protocol', probe: 'mcp' });
  return steps;
}

function healthProbeFor(group: UpstreamGroup): ProbeName | { skip: string } {
  const type = group.health.active?.type;
  if (type === 'tcp') return { skip: 'the active check is a tcp connect (the tcp layer)' };
  if (type === 'grpc' || type === 'mcp' || type === 'http') return type;
  if (group.protocol === 'grpc') return 'grpc';
  if (group.protocol === 'mcp') return 'mcp';
  if (HTTP_PROTOCOLS.has(group.protocol)) return 'http';
  return { skip: `the gateway speaks ${group.protocol} and has no HTTP check` };
}
