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
  for (let i = 0; i < sections.length; i++) {
    const section = sections[i]!;
    if (section.kind !== 'frontend' && section.kind !== 'backend' && section.kind !== 'listen') continue;
    const defaults = defaultsFor(sections, i, section);
    const inherited = defaults ? defaultsChain(sections, defaults) : [];
    proxies.push({
      section,
      kind: section.kind,
      name: section.name!,
      ...(defaults?.name !== undefined ? { defaultsName: defaults.name } : {}),
      statements: [
        ...inherited.map((st): ScopedStatement => ({ st, origin: 'defaults' })),
        ...section.statements.map((st): ScopedStatement => ({ st, origin: section.kind as Origin })),
      ],
    });
  }
  return proxies;
}

/** The defaults section in effect at index `at`: `from NAME`, else the last one above. */
function defaultsFor(sections: readonly Section[], at: number, section: Section): Section | undefined {
  if (section.from !== undefined) return named(sections, at, section);
  for (let i = at - 1; i >= 0; i--) if (sections[i]!.kind === 'defaults') return sections[i];
  return undefined;
}

function named(sections: readonly Section[], at: number, section: Section): Section {
  for (let i = at - 1; i >= 0; i--) {
    const s = sections[i]!;
    if (s.kind === 'defaults' && s.name === section.from) return s;
  }
  const what = section.name !== undefined ? `${section.kind} '${section.name}'` : `${section.kind} section`;
  throw new ConfigError('UH_CONFIG_INVALID', `defaults section '${section.from}' not found for ${what} (it must be declared above it)`, section.loc);
}

/** The statements of `defaults` and of the sections it inherits `from`, oldest first. */
function defaultsChain(sections: readonly Section[], defaults: Section): Statement[] {
  const chain: Section[] = [defaults];
  let current = defaults;
  while (current.from !== undefined) {
    if (chain.length >= HAPROXY_LIMITS.maxDefaultsChain) {
      throw new ConfigError('UH_CONFIG_INVALID', `defaults chain longer than ${HAPROXY_LIMITS.maxDefaultsChain} sections`, current.loc);
    }
    current = named(sections, sections.indexOf(current), current);
    chain.unshift(current);
  }
  return chain.flatMap((s) => [...s.statements]);
}
