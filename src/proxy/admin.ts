import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GroupRuntime } from './group-runtime.js';
import { label } from './metrics.js';
import { STATUS_PAGE_CSP, statusPageHtml } from './status-page.js';
import type { TargetState } from './target-state.js';

/** What the admin listener reads: the live group runtimes (replaced on reload). */
export interface AdminView {
  groups(): readonly GroupRuntime[];
  readonly startedAt: number;
  /** Client requests whose response has not closed yet (all groups, plus 404s and refusals). */
  inFlight(): number;
}

/**
 * The admin listener (loopback by default): `GET /` (the status page people look at:
 * status-page.ts), `GET /status` (JSON, every group and target with
 * state, reason, since, last probes, counters), `GET /metrics` (Prometheus text exposition
 * format 0.0.4, written by hand), `GET /healthz`.
 */
export function adminHandler(view: AdminView): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
    if (path === '/') return send(res, 200, 'text/html; charset=utf-8', statusPageHtml(), PAGE_HEADERS);
    if (path === '/healthz') return send(res, 200, 'text/plain', 'ok\n');
    if (path === '/status') return send(res, 200, 'application/json', `${JSON.stringify(statusOf(view), null, 2)}\n`);
    if (path === '/metrics') return send(res, 200, 'text/plain; version=0.0.4', metricsText(view.groups(), view.inFlight()));
    send(res, 404, 'text/plain', 'not found: try /, /status, /metrics, /healthz\n');
  };
}

/** The page runs only its own script and style, is never framed, cached or type-sniffed. */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': STATUS_PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
};

function send(res: ServerResponse, status: number, type: string, body: string, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The `/status` document. */
export function statusOf(view: AdminView): Record<string, unknown> {
  return {
    startedAt: new Date(view.startedAt).toISOString(),
    inFlight: view.inFlight(),
    groups: view.groups().map((g) => ({
      name: g.group.name,
      balance: g.group.balance,
      healthy: g.targets.filter((t) => t.healthy()).length,
      sessions: g.sessions?.size,
      targets: g.targets.map((t) => targetStatus(g, t)),
    })),
  };
}

function targetStatus(g: GroupRuntime, t: TargetState): Record<string, unknown> {
  const flag = t.mainFlag();
  return {
    address: t.address,
    state: t.state(),
    backup: t.target.backup,
    ...(flag ? { reason: flag.reason, since: new Date(flag.since).toISOString(), ...(flag.cause ? { cause: flag.cause } : {}) } : {}),
    breaker: g.breaker(t)?.state,
    active: t.active,
    requests: t.requests,
    failures: t.failures,
    ejections: t.ejections,
    statuses: Object.fromEntries(t.codes),
    lastProbes: t.lastProbes.map((p) => ({ probe: p.probe, outcome: p.outcome, ms: Math.round(p.ms * 10) / 10, message: p.message })),
  };
}

const BREAKER_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

/** Prometheus exposition: requests by group/target/code, latency, health, ejections, retries, breaker. */
export function metricsText(groups: readonly GroupRuntime[], inFlight: number): string {
  const out: string[] = [
    '# HELP uh_in_flight_requests Client requests whose response has not closed yet.',
    '# TYPE uh_in_flight_requests gauge',
    `uh_in_flight_requests ${inFlight}`,
    '# HELP uh_requests_total Upstream responses by group, target and status code.',
    '# TYPE uh_requests_total counter',
  ];
  for (const g of groups) for (const t of g.targets) for (const [code, n] of t.codes) out.push(`uh_requests_total{${tl(g, t)},code="${code}"} ${n}`);
  out.push('# HELP uh_target_healthy 1 when the target is in rotation.', '# TYPE uh_target_healthy gauge');
  for (const g of groups) for (const t of g.targets) out.push(`uh_target_healthy{${tl(g, t)}} ${t.healthy() ? 1 : 0}`);
  out.push('# HELP uh_target_active_requests Requests in flight.', '# TYPE uh_target_active_requests gauge');
  for (const g of groups) for (const t of g.targets) out.push(`uh_target_active_requests{${tl(g, t)}} ${t.active}`);
  out.push('# HELP uh_target_failures_total Local-origin failures (connect, reset, timeout).', '# TYPE uh_target_failures_total counter');
  for (const g of groups) for (const t of g.targets) out.push(`uh_target_failures_total{${tl(g, t)}} ${t.failures}`);
  out.push('# HELP uh_ejections_total Outlier ejections.', '# TYPE uh_ejections_total counter');
  for (const g of groups) for (const t of g.targets) out.push(`uh_ejections_total{${tl(g, t)}} ${t.ejections}`);
  out.push('# HELP uh_breaker_state 0 closed, 1 half-open, 2 open.', '# TYPE uh_breaker_state gauge');
  for (const g of groups) for (const t of g.targets) {
    const b = g.breaker(t);
    if (b) out.push(`uh_breaker_state{${tl(g, t)}} ${BREAKER_VALUE[b.state]}`);
  }
  const perGroup: [string, string, (g: GroupRuntime) => number][] = [
    ['uh_retries_total', 'Retries started.', (g) => g.metrics.retries],
    ['uh_retries_denied_total', 'Retries refused by the retry budget.', (g) => g.metrics.retriesDenied],
    ['uh_overloaded_total', 'Requests refused by the group\'s cap on requests in flight (Envoy circuit-breaker overflow).', (g) => g.metrics.overloaded],
    ['uh_no_healthy_upstream_total', '503 answers for no healthy upstream.', (g) => g.metrics.noHealthy],
    ['uh_panic_total', 'Requests sent in panic mode (fail_open).', (g) => g.metrics.panics],
    ['uh_sessions_lost_total', 'Pinned sessions whose target was gone.', (g) => g.metrics.sessionsLost],
  ];
  for (const [name, help, get] of perGroup) {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    for (const g of groups) out.push(`${name}{group="${label(g.group.name)}"} ${get(g)}`);
  }
  out.push('# HELP uh_request_duration_seconds Client request latency through the proxy.', '# TYPE uh_request_duration_seconds histogram');
  for (const g of groups) out.push(...g.metrics.latency.render('uh_request_duration_seconds', `group="${label(g.group.name)}"`));
  return `${out.join('\n')}\n`;
}

function tl(g: GroupRuntime, t: TargetState): string {
  return `group="${label(g.group.name)}",target="${label(t.address)}"`;
}
