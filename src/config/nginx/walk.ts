/**
 * One pass over the (include-expanded) directive tree that collects what the model needs:
 * upstream / map / match blocks (global, usable before their declaration, as in nginx), and every
 * `*_pass` reference with the scope it sits in. A scope carries the simple directives in force
 * there: nginx merges a block's settings into its children (http → server → location → if), and
 * a directive's position inside its block does not matter, so each block is read whole first.
 */
import { ConfigError } from '../../errors.js';
import { Layered } from './layered.js';
import type { Directive } from './parse.js';
import { mapValue } from './variables.js';

export type NginxContext = 'http' | 'stream';

export const PASS_DIRECTIVES: ReadonlySet<string> = new Set([
  'proxy_pass',
  'grpc_pass',
  'fastcgi_pass',
  'uwsgi_pass',
  'scgi_pass',
]);

export interface Scope {
  readonly context: NginxContext;
  /** Simple directives in force, by name (inner levels override outer ones). */
  readonly settings: Layered<Directive>;
  /** Literal values from `set $name value` in force. */
  readonly sets: Layered<string>;
  /** `server :80 / location /api`, for messages and `declared_in`. */
  readonly where: string;
  readonly serverNames: readonly string[];
  /** The innermost `location` directive (modifier and path in its args). */
  readonly location?: Directive;
  readonly serverLabel?: string;
  /** The `listen` directives of the enclosing server (none written: nginx listens on *:80). */
  readonly listens?: readonly Directive[];
  /** A stream server listening on UDP (`listen 53 udp`). */
  readonly udp?: boolean;
  /**
   * `proxy_set_header` in force, names lower-cased. An array directive: a level that writes any
   * replaces the whole inherited set (ngx_http_proxy_merge_loc_conf).
   */
  readonly proxyHeaders: ReadonlyMap<string, string>;
}

export interface PassReference {
  readonly directive: Directive;
  readonly scope: Scope;
  /** `health_check` directives written in the same block as the `*_pass`. */
  readonly healthChecks: readonly Directive[];
}

export interface Collected {
  readonly upstreams: { readonly directive: Directive; readonly context: NginxContext }[];
  readonly maps: Map<string, string>;
  readonly matches: Map<string, Directive>;
  readonly references: PassReference[];
  /** `resolver` at the top of each context (http, or stream): the resolvers every server inherits. */
  readonly topResolvers: { readonly directive: Directive; readonly context: NginxContext }[];
  /** Document order of every directive, to list groups in order of first declaration. */
  readonly order: Map<Directive, number>;
}

/** Directives nginx only knows as blocks (outside third-party blocks such as `upstrand`, not walked). */
const BLOCK_ONLY = new Set(['http', 'stream', 'events', 'location', 'upstream', 'map', 'match', 'split_clients', 'if', 'types']);

const NOT_WALKED = new Set(['types', 'events', 'split_clients', 'geo', 'upstrand']);

/** Walk the top-level directives; `rootContext` is the context a snippet's top level is in. */
export function collect(root: readonly Directive[], rootContext: NginxContext): Collected {
  const out: Collected = {
    upstreams: [],
    maps: new Map(),
    matches: new Map(),
    references: [],
    topResolvers: [],
    order: new Map(),
  };
  const top: Scope = {
    context: rootContext,
    settings: new Layered(),
    sets: new Layered(),
    where: '',
    serverNames: [],
    proxyHeaders: new Map(),
  };
  walkBlock(root, enter(top, root), out, true);
  return out;
}

/** The scope inside a block: the parent's settings overridden by the block's own simple directives. */
function enter(parent: Scope, block: readonly Directive[], patch: Partial<Scope> = {}): Scope {
  const settings = new Map<string, Directive>();
  const sets = new Map<string, string>();
  const headerLines = block.filter((d) => d.name === 'proxy_set_header' && d.args.length === 2);
  const proxyHeaders =
    headerLines.length > 0 ? new Map(headerLines.map((d) => [d.args[0]!.toLowerCase(), d.args[1]!] as const)) : parent.proxyHeaders;
  for (const d of block) {
    if (d.block || d.lua !== undefined) continue;
    if (d.name === 'set' && d.args.length >= 1) {
      if (d.args[1] !== undefined) sets.set(d.args[0]!.replace(/^\$\{?|\}$/g, ''), d.args[1]);
      continue;
    }
    settings.set(d.name, d);
  }
  return { ...parent, settings: parent.settings.with(settings), sets: parent.sets.with(sets), proxyHeaders, ...patch };
}

function walkBlock(block: readonly Directive[], scope: Scope, out: Collected, topLevel: boolean): void {
  rejectDuplicateLocations(block);
  const healthChecks = block.filter((d) => d.name === 'health_check' && !d.block);
  for (const d of block) {
    out.order.set(d, out.order.size);
    if (d.lua !== undefined) continue;
    if (!d.block) {
      if (BLOCK_ONLY.has(d.name) || (d.name === 'server' && topLevel)) {
        throw new ConfigError('UH_CONFIG_PARSE', `directive "${d.name}" has no opening "{"`, d.loc);
      }
      if (PASS_DIRECTIVES.has(d.name)) out.references.push({ directive: d, scope, healthChecks });
      if (d.name === 'resolver' && topLevel) out.topResolvers.push({ directive: d, context: scope.context });
      continue;
    }
    walkChild(d, scope, out);
  }
}

function walkChild(d: Directive, scope: Scope, out: Collected): void {
  const block = d.block!;
  switch (d.name) {
    case 'http':
    case 'stream': {
      const inner = enter({ ...scope, context: d.name, settings: new Layered(), sets: new Layered(), proxyHeaders: new Map() }, block);
      walkBlock(block, inner, out, true);
      return;
    }
    case 'upstream':
      out.upstreams.push({ directive: d, context: scope.context });
      markOrder(block, out);
      return;
    case 'map':
      if (d.args[1]) {
        const value = mapValue(block);
        if (value !== undefined) out.maps.set(d.args[1].replace(/^\$\{?|\}$/g, ''), value);
      }
      markOrder(block, out);
      return;
    case 'match':
      if (d.args[0] && !out.matches.has(`${scope.context}:${d.args[0]}`)) {
        out.matches.set(`${scope.context}:${d.args[0]}`, d);
      }
      return;
    case 'server':
      walkBlock(block, enter(scope, block, serverPatch(d, scope, block)), out, false);
      return;
    case 'location':
      walkBlock(block, enter(scope, block, { location: d, where: join(scope.where, `location ${d.args.join(' ')}`) }), out, false);
      return;
    default:
      if (NOT_WALKED.has(d.name)) {
        markOrder(block, out);
        return;
      }
      // `if (...)`, `limit_except`, and unknown blocks: settings nest like a location's.
      walkBlock(block, enter(scope, block, { where: join(scope.where, `${d.name} ${d.args.join(' ')}`) }), out, false);
  }
}

/**
 * nginx refuses two prefix/exact locations with the same path in one block (`duplicate location`);
 * regex and named locations are not compared (nginx accepts repeats of those).
 */
function rejectDuplicateLocations(block: readonly Directive[]): void {
  const seen = new Set<string>();
  for (const d of block) {
    if (d.name !== 'location' || !d.block) continue;
    const path = d.args[d.args.length - 1] ?? '';
    const modifier = d.args.length > 1 ? d.args[0]! : '';
    if (modifier === '~' || modifier === '~*' || path.startsWith('@')) continue;
    // `^~ /x` and `/x` are both prefix locations: nginx counts them as the same location.
    const key = `${modifier === '^~' ? '' : modifier} ${path}`;
    if (seen.has(key)) throw new ConfigError('UH_CONFIG_INVALID', `duplicate location "${path}"`, d.loc);
    seen.add(key);
  }
}

function serverPatch(d: Directive, scope: Scope, block: readonly Directive[]): Partial<Scope> {
  const listens = block.filter((c) => c.name === 'listen').map((c) => listenLabel(c.args[0] ?? ''));
  const names = block.find((c) => c.name === 'server_name')?.args.filter((n) => n !== '' && n !== '_') ?? [];
  const label = `${scope.context === 'stream' ? 'stream server' : 'server'} ${names[0] ?? ''}${listens.join('/')}`.trim();
  const udp = block.some((c) => c.name === 'listen' && c.args.includes('udp'));
  return { where: label, serverNames: names, serverLabel: label, location: undefined, udp, listens: block.filter((c) => c.name === 'listen') };
}

function listenLabel(arg: string): string {
  if (/^\d+$/.test(arg)) return `:${arg}`;
  const m = /:(\d+)$/.exec(arg);
  return m ? `:${m[1]}` : arg;
}

function join(where: string, part: string): string {
  return where ? `${where} / ${part}` : part;
}

function markOrder(block: readonly Directive[], out: Collected): void {
  for (const d of block) out.order.set(d, out.order.size);
}
