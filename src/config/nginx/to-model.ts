/**
 * The include-expanded directive tree → GatewayConfig. Groups are listed in order of first
 * declaration (an upstream block where it is written, a literal group at its first reference);
 * per-reference settings (TLS, timeouts, health checks, protocol) are merged across the references
 * to a group, the first reference that declares a setting winning.
 */
import { ConfigError } from '../../errors.js';
import type { ConfigListener, ConfigNote, GatewayConfig, ResolverAddress, Route, UnresolvedTarget, UpstreamGroup } from '../../model/index.js';
import type { ExpandedConfig } from './include.js';
import type { Directive } from './parse.js';
import type { ClassifiedReference } from './references.js';
import { classifyReference } from './references.js';
import { disagreementNotes } from './disagreements.js';
import { parseResolvers } from './resolvers.js';
import { routeFor } from './routes.js';
import { templateNotes } from './template-note.js';
import type { GroupDraft } from './group.js';
import { blockGroup, literalGroup } from './group.js';
import type { UpstreamBlock } from './upstream.js';
import { readUpstream } from './upstream.js';
import { defaultListener, listenAddress } from './listen.js';
import type { NginxContext, PassReference } from './walk.js';
import { collect } from './walk.js';

export function toModel(expanded: ExpandedConfig, path: string): GatewayConfig {
  const root = expanded.directives;
  const collected = collect(root, inferRootContext(root));
  const blocks = new Map<string, UpstreamBlock>();
  const drafts = new Map<string, GroupDraft>();
  for (const { directive, context } of collected.upstreams) {
    const key = `${context}:${directive.args[0] ?? ''}`;
    if (blocks.has(key)) throw new ConfigError('UH_CONFIG_INVALID', `duplicate upstream "${directive.args[0]}"`, directive.loc);
    const block = readUpstream(directive, context);
    blocks.set(key, block);
    drafts.set(key, { order: collected.order.get(directive) ?? 0, block, refs: [] });
  }

  const routes: Route[] = [];
  const unresolved: UnresolvedTarget[] = [];
  for (const ref of collected.references) {
    const classified = classifyReference(ref, blocks, collected.maps);
    if (classified.unresolved) unresolved.push(classified.unresolved);
    const groupName = attach(classified, drafts, collected.order);
    if (groupName !== undefined) routes.push(routeFor(classified.ref, groupName));
  }

  const resolversOf = (context: NginxContext): ResolverAddress[] =>
    collected.topResolvers.filter((r) => r.context === context).flatMap((r) => parseResolvers(r.directive));
  const groups: UpstreamGroup[] = [...drafts.values()]
    .sort((a, b) => a.order - b.order)
    .map((draft) =>
      draft.block
        ? blockGroup(draft.block, draft.refs, collected.matches, resolversOf(draft.block.context))
        : literalGroup(draft, collected.matches, resolversOf(draft.literal!.context)),
    );
  const notes: ConfigNote[] = [
    ...templateNotes(root),
    ...expanded.notes,
    ...unresolved
      .filter((u) => u.resolvedValue === undefined)
      .map((u): ConfigNote => ({ severity: 'info', message: `${u.directive} ${u.text}: the target depends on run-time variables`, loc: u.loc })),
    ...healthCheckNotes(collected, drafts),
    ...[...drafts.values()].flatMap((d) => disagreementNotes(d.block?.name ?? d.literal!.name, d.refs)),
    ...groups
      .filter((g) => g.tlsUnknown)
      .map((g): ConfigNote => ({ severity: 'info', message: `upstream "${g.name}": its scheme is a variable, so whether nginx speaks TLS to it is decided at run time`, loc: g.loc })),
  ];
  return {
    source: { path, format: 'nginx', files: expanded.files },
    groups,
    routes,
    unresolved,
    // The gateway-wide resolvers: http's (where nginx resolves proxied names), else stream's.
    resolvers: resolversOf('http').length > 0 ? resolversOf('http') : resolversOf('stream'),
    ignore: [],
    serve: { listeners: listenersOf(collected.references, routes), ...(accessLogOff(collected.references) ? { accessLog: 'off' } : {}) },
    notes,
    ...(expanded.missing.length > 0 ? { missingIncludes: expanded.missing } : {}),
  };
}

/**
 * The listeners of the http servers that route to an upstream group, each address once, in file
 * order: where nginx takes the requests `serve` emulates.
 */
function listenersOf(references: readonly PassReference[], routes: readonly Route[]): ConfigListener[] {
  const out = new Map<string, ConfigListener>();
  const routed = new Set(routes.map((r) => r.loc));
  for (const ref of references) {
    if (ref.scope.context !== 'http' || !routed.has(ref.directive.loc)) continue;
    const listens = ref.scope.listens ?? [];
    const found = listens.length > 0 ? listens.map(listenAddress) : [defaultListener(ref.directive.loc)];
    for (const l of found) if (l && !out.has(l.address)) out.set(l.address, l);
  }
  return [...out.values()];
}

/** Record the reference on its group (creating literal groups on first sight); the route's group name. */
function attach(c: ClassifiedReference, drafts: Map<string, GroupDraft>, order: ReadonlyMap<Directive, number>): string | undefined {
  const r = c.resolution;
  const context = c.ref.scope.context;
  if (r.kind === 'none') return undefined;
  if (r.kind === 'undefined') return r.name;
  if (r.kind === 'block') {
    drafts.get(`${context}:${r.block.name}`)!.refs.push({ ref: c.ref, scheme: r.scheme, schemeUnknown: r.schemeUnknown });
    return r.block.name;
  }
  const key = `literal:${context}:${r.name}`;
  let draft = drafts.get(key);
  if (!draft) {
    draft = { order: order.get(c.ref.directive) ?? 0, literal: { name: r.name, target: r.target, context }, refs: [] };
    drafts.set(key, draft);
  }
  draft.refs.push({ ref: c.ref, scheme: r.target.scheme, schemeUnknown: false });
  return r.name;
}

/**
 * What NGINX Plus would refuse about a `health_check` that uh still reads: a `match=` naming no
 * `match` block, or a group without a shared-memory `zone` (checks keep their state there).
 */
function healthCheckNotes(collected: ReturnType<typeof collect>, drafts: ReadonlyMap<string, GroupDraft>): ConfigNote[] {
  const notes: ConfigNote[] = [];
  for (const draft of drafts.values()) {
    for (const { ref } of draft.refs) {
      for (const hc of ref.healthChecks) {
        const matchName = hc.args.find((a) => a.startsWith('match='))?.slice('match='.length);
        if (matchName !== undefined && !collected.matches.has(`${ref.scope.context}:${matchName}`)) {
          notes.push({ severity: 'warning', message: `health_check match=${matchName}: no "match ${matchName}" block is defined`, loc: hc.loc });
        }
        if (draft.block && draft.block.params['zone'] === undefined) {
          notes.push({ severity: 'warning', message: `health_check on upstream "${draft.block.name}", which has no "zone": NGINX Plus needs one to keep check state`, loc: hc.loc });
        }
      }
    }
  }
  return notes;
}

/**
 * The context of a snippet's top level. A conf.d file is included inside `http` (the usual case),
 * but a file for `stream { include ...; }` has servers that proxy directly (no `location`) and
 * `match` blocks with `send`/`expect`: those can only be stream.
 */
export function inferRootContext(root: readonly Directive[]): NginxContext {
  if (root.some((d) => d.name === 'http' || d.name === 'stream')) return 'http';
  const streamServer = root.some(
    (d) =>
      d.name === 'server' &&
      d.block !== undefined &&
      d.block.some((c) => c.name === 'proxy_pass') &&
      !d.block.some((c) => c.name === 'location'),
  );
  const streamMatch = root.some((d) => d.name === 'match' && d.block?.some((c) => c.name === 'send' || c.name === 'expect'));
  return streamServer || streamMatch ? 'stream' : 'http';
}

/** `access_log off` where the first proxying location is: serve writes no access log either. */
function accessLogOff(references: readonly PassReference[]): boolean {
  const first = references.find((r) => r.scope.context === 'http');
  return first?.scope.settings.get('access_log')?.args[0] === 'off';
}
