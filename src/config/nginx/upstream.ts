/**
 * An `upstream name { ... }` block (http or stream) → the parts of an UpstreamGroup it declares:
 * members, load-balancing method, group directives as written (keepalive, zone, state, queue,
 * third-party ones), and an upstream-level `resolver` (nginx 1.27.3+ / Plus R27+).
 */
import type { BalancePolicy, Discovery, HashKey, ResolverAddress, SourceLocation, StickyPolicy, Target } from '../../model/index.js';
import { isIpLiteral } from '../../model/index.js';
import { stickyOf } from './sticky.js';
import type { Directive } from './parse.js';
import { parseResolvers } from './resolvers.js';
import { serverTarget } from './server-line.js';

export interface UpstreamBlock {
  readonly name: string;
  readonly context: 'http' | 'stream';
  readonly targets: readonly Target[];
  readonly balance: BalancePolicy;
  readonly hashOn?: HashKey;
  readonly sticky?: StickyPolicy;
  /** `max_conns` when every server declares the same value. */
  readonly maxRequests?: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly resolvers: readonly ResolverAddress[];
  readonly discovery: Discovery;
  readonly loc: SourceLocation;
}

/** Read one upstream block declared in `context`. */
export function readUpstream(d: Directive, context: 'http' | 'stream'): UpstreamBlock {
  const targets: Target[] = [];
  const params: Record<string, unknown> = {};
  for (const child of d.block ?? []) {
    if (child.name === 'server') {
      targets.push(serverTarget(child, context === 'http' ? 80 : undefined));
      continue;
    }
    addParam(params, child.name, child.lua !== undefined ? 'present' : child.args.join(' '));
  }
  const resolverDirective = (d.block ?? []).find((c) => c.name === 'resolver');
  const stickyDirective = (d.block ?? []).find((c) => c.name === 'sticky');
  const sticky = stickyDirective ? stickyOf(stickyDirective) : undefined;
  const maxConns = new Set(targets.map((t) => t.params['max_conns']));
  const maxRequests = maxConns.size === 1 ? Number([...maxConns][0]) : NaN;
  return {
    name: d.args[0] ?? '',
    context,
    targets,
    ...balanceOf(d.block ?? []),
    ...(sticky ? { sticky } : {}),
    ...(Number.isInteger(maxRequests) && maxRequests > 0 ? { maxRequests } : {}),
    params,
    resolvers: resolverDirective ? parseResolvers(resolverDirective) : [],
    discovery: discoveryOf(targets, params),
    loc: d.loc,
  };
}

/**
 * Directives an upstream block may repeat, each adding to a list (ngx_http_combined_upstreams_module's
 * `add_upstream` and `combine_server_singlets`): always a list, even when written once.
 */
const LIST_DIRECTIVES = new Set(['add_upstream', 'combine_server_singlets']);

/** A directive written once is a string; written again (or a list directive), the values form a list. */
function addParam(params: Record<string, unknown>, name: string, value: string): void {
  const prev = params[name];
  if (prev === undefined) params[name] = LIST_DIRECTIVES.has(name) ? [value] : value;
  else if (Array.isArray(prev)) prev.push(value);
  else params[name] = [prev, value];
}

/** The load-balancing method (ngx_http_upstream_* modules); the last one written wins, as in nginx. */
function balanceOf(block: readonly Directive[]): { balance: BalancePolicy; hashOn?: HashKey } {
  let result: { balance: BalancePolicy; hashOn?: HashKey } = { balance: 'round_robin' };
  for (const d of block) {
    if (d.name === 'least_conn') result = { balance: 'least_request' };
    else if (d.name === 'ip_hash') result = { balance: 'ip_hash' };
    else if (d.name === 'hash' && d.args[0]) result = { balance: 'hash', hashOn: { expression: d.args[0] } };
    // `random two` is the power-of-two-choices algorithm.
    else if (d.name === 'random') result = { balance: d.args[0] === 'two' ? 'p2c' : 'random' };
    else if (d.name === 'least_time') result = { balance: `other:least_time ${d.args.join(' ')}`.trim() as BalancePolicy };
  }
  return result;
}

/**
 * Where the members come from: Lua (`balancer_by_lua_block`), SRV (`service=`), the Plus API/state
 * file (no static server), run-time
 * re-resolution (`resolve`), start-up DNS (host names), or fixed IP literals / unix sockets.
 */
function discoveryOf(targets: readonly Target[], params: Readonly<Record<string, unknown>>): Discovery {
  // balancer_by_lua_block picks the peer per request: declared servers are placeholders (0.0.0.1).
  if (params['balancer_by_lua_block'] !== undefined) return 'dynamic';
  if (targets.length === 0 || targets.some((t) => t.params['service'] !== undefined)) return 'dynamic';
  if (targets.some((t) => t.resolve)) return 'dns-refresh';
  if (targets.some((t) => t.socket === 'inet' && !isIpLiteral(t.host))) return 'dns-once';
  return 'static';
}
