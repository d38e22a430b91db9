import type { GatewayConfig } from '../model/index.js';
import { formatLocation } from '../model/index.js';
import { isEmulated } from './balancer/index.js';

/** Protocols `serve` forwards as HTTP; the others are read but not proxied. */
const PROXIED = new Set(['http1', 'http1.0', 'h2', 'h2c', 'mcp', 'grpc']);

/**
 * What `serve` does not emulate in this config, one line each, logged at start: an nginx or
 * Envoy file is a production gateway's config, and the user must know where uh differs.
 */
export function notEmulated(config: GatewayConfig): string[] {
  const out: string[] = [];
  if (config.source.format === 'nginx') {
    out.push('nginx: only upstream blocks (max_fails/fail_timeout per server, backup, down, max_conns), proxy_next_upstream and location/proxy_pass routing are emulated (no rewrites, headers directives, caching, TLS termination; every listen of a proxying server takes every route: no server_name/listen matching beyond the route host)');
  }
  if (config.source.format === 'envoy') {
    out.push('envoy: only clusters (health_checks, outlier_detection, circuit_breakers), route_config → cluster routing and route retry_policy are emulated (no filters, header mutations, weighted splits or listener TLS; every listener takes every route)');
  }
  if (config.source.format === 'haproxy') out.push(...haproxyNotEmulated(config));
  for (const g of config.groups) {
    if (!PROXIED.has(g.protocol)) out.push(`group ${g.name}: protocol ${g.protocol} is not proxied (HTTP only)`);
    if (!isEmulated(g.balance)) out.push(`group ${g.name}: balance ${g.balance} is not emulated; p2c is used`);
    if (g.discovery === 'dynamic') out.push(`group ${g.name}: endpoints come from service discovery and are not in the file`);
    if (g.limits?.maxPendingRequests !== undefined) {
      out.push(`group ${g.name}: circuit_breakers max_pending_requests is not emulated (requests wait for a connection without a cap)`);
    }
    if (/\bnon_idempotent\b/.test(Object.values(g.retries?.declared ?? {}).join(' '))) {
      out.push(`group ${g.name}: proxy_next_upstream non_idempotent is not emulated: a request that was sent is retried only when idempotent`);
    }
  }
  for (const u of config.unresolved) out.push(`${formatLocation(u.loc)}: ${u.directive} ${u.text} names no static target: not routed`);
  for (const note of config.notes) out.push(note.loc ? `${formatLocation(note.loc)}: ${note.message}` : note.message);
  return out;
}

/**
 * HAProxy: what serve emulates is HAProxy's defaults for a backend (`retries 3` on connection
 * failures, rise 2, fall 3, inter 2s, as read into the model) and its frontends' use_backend /
 * default_backend routing; retries always go to another server, as with `option redispatch`.
 */
function haproxyNotEmulated(config: GatewayConfig): string[] {
  const out = ['haproxy: only backend/listen servers, their checks and retries, and frontend use_backend/default_backend routing on path, Host and method are emulated (no http-request/response rules, stick tables, maps, bind TLS, or one listener per frontend: the frontends\' routes are tried in file order)'];
  for (const r of config.routes) {
    if (r.unevaluated !== undefined) out.push(`${formatLocation(r.loc)}: use_backend ${r.upstream} ${r.condition ?? ''}: never taken (${r.unevaluated})`);
  }
  for (const g of config.groups) {
    if (g.retries && g.params['option redispatch'] !== 'enabled') out.push(`group ${g.name}: without option redispatch HAProxy retries the same server; uh retries another one`);
    const declared = g.health.active?.declared ?? {};
    if (typeof declared['probedAs'] === 'string') out.push(`group ${g.name}: the ${String(declared['type'])} check runs as ${declared['probedAs']}`);
    if (g.health.active && g.targets.some((t) => !t.flags.includes('check'))) out.push(`group ${g.name}: servers without 'check' are checked too (HAProxy would consider them always up)`);
    if (g.targets.some((t) => t.flags.includes('agent-check'))) out.push(`group ${g.name}: agent-check is not emulated`);
  }
  return out;
}
