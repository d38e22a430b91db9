/**
 * The model → the corpus's hand-written HAProxy expectations (corpus expected/README.md, HAProxy
 * part), compared on the keys the expectation states. Free-text keys (notes, declaredIn) describe,
 * they do not specify. Member flags are sets (the README: order not significant).
 */
import type { GatewayConfig, Route, Target, UpstreamGroup } from '../../../src/model/index.js';
import { diff } from '../nginx/corpus-mapping.js';

export interface ExpectedHaproxyFile {
  readonly file: string;
  readonly groups: readonly Record<string, unknown>[];
  readonly frontends?: readonly ExpectedFrontend[];
  readonly unresolvedBackends?: readonly string[];
}

export interface ExpectedFrontend {
  readonly name: string;
  readonly routes: readonly { acl: string | null; condition: string | null; backend: string }[];
  readonly default_backend: string | null;
}

/** Group-level settings the expectations record under `params` (uh keeps more there: mode, retries, default-server). */
const CORPUS_PARAMS = new Set(['balance', 'cookie', 'hash-type', 'description']);

export function groupToExpected(g: UpstreamGroup): Record<string, unknown> {
  const declared = g.health.active?.declared;
  const defaultServer = g.params['default-server'] as { flags: string[] } | undefined;
  return {
    name: g.name,
    source: g.source,
    mode: g.params['mode'],
    members: g.targets.map(memberToExpected),
    healthCheck: declared ?? null,
    tls: g.targets.length === 0 ? false : g.tls ? (g.targets.every((t) => t.flags.includes('ssl')) ? true : null) : false,
    params: Object.fromEntries(Object.entries(g.params).filter(([k]) => CORPUS_PARAMS.has(k))),
    timeouts: g.timeouts.declared ?? {},
    ...(g.tls ? { tlsParams: g.tls.declared } : {}),
    defaultServer: defaultServer ? { ...defaultServer, flags: [...defaultServer.flags].sort() } : null,
    defaultsSection: g.params['defaults'] ?? null,
    listenAddress: g.params['listen-address'] ?? null,
  };
}

function memberToExpected(t: Target): Record<string, unknown> {
  const { template, directive, ...params } = t.params as Record<string, unknown>;
  return {
    name: t.name ?? null,
    host: t.host,
    port: t.port ?? t.portText ?? null,
    weight: t.weight ?? null,
    flags: [...t.flags].sort(),
    params: { ...params, ...(directive !== undefined ? { directive } : {}) },
    ...(template !== undefined ? { template } : {}),
  };
}

/** The frontends as the expectation lists them, rebuilt from the routes (one per use_backend line). */
export function frontendsToExpected(cfg: GatewayConfig, names: readonly string[]): ExpectedFrontend[] {
  return names.map((name) => {
    const mine = cfg.routes.filter((r) => r.listener === `frontend ${name}`);
    const lines = new Map<number, Route>();
    for (const r of mine) if (r.via === 'use_backend' && !lines.has(r.loc.line)) lines.set(r.loc.line, r);
    return {
      name,
      routes: [...lines.values()].map((r) => ({
        acl: r.condition?.replace(/^(if|unless) /, '') ?? null,
        condition: r.condition?.split(' ')[0] ?? null,
        backend: r.upstream,
      })),
      default_backend: mine.find((r) => r.via === 'default_backend')?.upstream ?? null,
    };
  });
}

/** Keys of the expectation compared as exact records, after normalising what "as written" allows. */
export function compareHaproxy(cfg: GatewayConfig, expected: ExpectedHaproxyFile): string[] {
  const wanted = expected.groups.map(normaliseGroup);
  const problems = diff(cfg.groups.map(groupToExpected), wanted, '$.groups');
  if (expected.frontends) {
    const fronts = expected.frontends.map(({ name, routes, default_backend }) => ({ name, routes, default_backend }));
    problems.push(...diff(frontendsToExpected(cfg, fronts.map((f) => f.name)), fronts, '$.frontends'));
  }
  const defined = new Set(cfg.groups.map((g) => g.name));
  const unresolved = [...new Set(cfg.routes.filter((r) => !defined.has(r.upstream)).map((r) => r.upstream))];
  problems.push(...diff(unresolved, expected.unresolvedBackends ?? [], '$.unresolvedBackends'));
  return problems;
}

/** Flags are a set; group `params` keys other than balance/cookie/hash-type/description are free-form notes. */
function normaliseGroup(g: Record<string, unknown>): Record<string, unknown> {
  const members = (g['members'] as Record<string, unknown>[]).map((m) => ({
    ...withoutNotes(m),
    flags: [...new Set(m['flags'] as string[])].sort(),
  }));
  const params = Object.fromEntries(Object.entries((g['params'] ?? {}) as Record<string, unknown>).filter(([k]) => !k.startsWith('option ')));
  const ds = g['defaultServer'] as { flags: string[]; params: unknown } | undefined;
  return {
    ...g,
    members,
    params,
    ...(ds ? { defaultServer: { ...ds, flags: [...ds.flags].sort() } } : {}),
  };
}

function withoutNotes(m: Record<string, unknown>): Record<string, unknown> {
  const { notes: _notes, resolvedViaEnv: _env, ...rest } = m;
  return rest;
}
