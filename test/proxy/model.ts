import type {
  ActiveHealthCheck,
  GatewayConfig,
  PassiveHealthCheck,
  Route,
  Target,
  UpstreamGroup,
} from '../../src/model/index.js';

/** Test configs as plain model data (the proxy reads the model, whatever file it came from). */
const loc = { file: 'test.yaml', line: 1, column: 1 };

export function target(address: string, extra: Partial<Target> = {}): Target {
  const [host, port] = address.split(':');
  return { address, host: host!, port: Number(port), socket: 'inet', backup: false, down: false, resolve: false, flags: [], params: {}, loc, ...extra };
}

export function active(extra: Partial<ActiveHealthCheck> = {}): ActiveHealthCheck {
  return { type: 'tcp', intervalMs: 100, timeoutMs: 1000, expectStatus: [], rise: 1, fall: 1, origin: 'uh', declared: {}, loc, ...extra };
}

export function passive(extra: Partial<PassiveHealthCheck> = {}): PassiveHealthCheck {
  return { maxFailures: 3, failureWindowMs: 10_000, unhealthyStatuses: [502, 503, 504], ejectForMs: 30_000, maxEjectedPercent: 50, declared: {}, loc, ...extra };
}

export function group(name: string, targets: readonly (string | Target)[], extra: Partial<UpstreamGroup> = {}): UpstreamGroup {
  return {
    name,
    source: 'uh',
    discovery: 'static',
    targets: targets.map((t) => (typeof t === 'string' ? target(t) : t)),
    protocol: 'http1',
    health: {},
    balance: 'round_robin',
    timeouts: {},
    onAllUnhealthy: 'fail_closed',
    explain: 'summary',
    resolvers: [],
    params: {},
    loc,
    ...extra,
  };
}

export function route(upstream: string, match: Route['match'] = { pathPrefix: '/' }): Route {
  return { match, upstream, via: 'routes', loc };
}

export function gateway(groups: readonly UpstreamGroup[], routes: readonly Route[] = groups.map((g) => route(g.name))): GatewayConfig {
  return {
    source: { path: 'test.yaml', format: 'uh', files: ['test.yaml'] },
    groups,
    routes,
    unresolved: [],
    resolvers: [],
    ignore: [],
    serve: {},
    notes: [],
  };
}

/** Bring a target's in-flight count to `n` the way requests do: one countRequest per start or end. */
export function inFlight(t: { readonly active: number; countRequest(delta: 1 | -1): void }, n: number): void {
  while (t.active < n) t.countRequest(1);
  while (t.active > n) t.countRequest(-1);
}
