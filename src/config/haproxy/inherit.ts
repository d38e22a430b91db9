/**
 * `defaults` inheritance: a proxy takes every setting of the defaults section in effect — the one
 * it names with `from NAME`, otherwise the last `defaults` section (named or not) above it — and
 * its own lines override them. A named defaults section may itself inherit `from` another.
 */
import { ConfigError } from '../../errors.js';
import type { Statement } from './lexer.js';
import { HAPROXY_LIMITS } from './limits.js';
import type { Section } from './sections.js';

export type Origin = 'defaults' | 'frontend' | 'backend' | 'listen';

export interface ScopedStatement {
  readonly st: Statement;
  readonly origin: Origin;
}

/** A frontend/backend/listen section with what it inherits. */
export interface Proxy {
  readonly section: Section;
  readonly kind: 'frontend' | 'backend' | 'listen';
  readonly name: string;
  /** The named defaults section in effect, when it has a name. */
  readonly defaultsName?: string;
  /** Inherited statements first (oldest defaults first), then the proxy's own. */
  readonly statements: readonly ScopedStatement[];
}

export function resolveProxies(sections: readonly Section[]): Proxy[] {
  const proxies: Proxy[] = [];
  // One pass: the defaults seen so far (by name) and the last one, each with its inherited statements.
  const named = new Map<string, Resolved>();
  let last: Resolved | undefined;
  for (const section of sections) {
    if (section.kind === 'defaults') {
      const parent = section.from !== undefined ? lookup(named, section) : undefined;
      if (parent && parent.depth + 1 >= HAPROXY_LIMITS.maxDefaultsChain) {
        throw new ConfigError('UH_CONFIG_INVALID', `defaults chain longer than ${HAPROXY_LIMITS.maxDefaultsChain} sections`, section.loc);
      }
      last = { section, statements: [...(parent?.statements ?? []), ...section.statements], depth: (parent?.depth ?? 0) + 1 };
      if (section.name !== undefined) named.set(section.name, last);
      continue;
    }
    if (section.kind !== 'frontend' && section.kind !== 'backend' && section.kind !== 'listen') continue;
    const defaults = section.from !== undefined ? lookup(named, section) : last;
    proxies.push({
      section,
      kind: section.kind,
      name: section.name!,
      ...(defaults?.section.name !== undefined ? { defaultsName: defaults.section.name } : {}),
      statements: [
        ...(defaults?.statements ?? []).map((st): ScopedStatement => ({ st, origin: 'defaults' })),
        ...section.statements.map((st): ScopedStatement => ({ st, origin: section.kind as Origin })),
      ],
    });
  }
  return proxies;
}

interface Resolved {
  readonly section: Section;
  /** Its statements after those it inherits `from`, oldest first. */
  readonly statements: readonly Statement[];
  readonly depth: number;
}

/** The named defaults section `from` refers to; it must be declared above. */
function lookup(named: ReadonlyMap<string, Resolved>, section: Section): Resolved {
  const found = named.get(section.from!);
  if (found) return found;
  const what = section.name !== undefined ? `${section.kind} '${section.name}'` : `${section.kind} section`;
  throw new ConfigError('UH_CONFIG_INVALID', `defaults section '${section.from}' not found for ${what} (it must be declared above it)`, section.loc);
}
