/**
 * Statements → sections. A section starts at a section keyword (indentation means nothing to
 * HAProxy) and runs to the next one. `.if`/`.elif`/`.else`/`.endif` conditional blocks are
 * read through: uh cannot evaluate `feature()`/`defined()` for the gateway's machine, so every
 * branch is kept and the block noted. A statement before the first section is HAProxy's
 * "unknown keyword 'x' out of section" error.
 */
import { ConfigError } from '../../errors.js';
import type { ConfigNote, SourceLocation } from '../../model/index.js';
import type { Statement } from './lexer.js';
import { HAPROXY_LIMITS } from './limits.js';

export const PROXY_KINDS = ['defaults', 'frontend', 'backend', 'listen'] as const;
export type ProxyKind = (typeof PROXY_KINDS)[number];

/** Every section keyword HAProxy 2.x knows; only the proxies and `resolvers` carry upstream facts. */
export const SECTION_KEYWORDS = new Set<string>([
  'global', ...PROXY_KINDS, 'resolvers', 'peers', 'userlist', 'mailers', 'program', 'http-errors',
  'ring', 'cache', 'fcgi-app', 'log-forward', 'crt-store', 'traces', 'acme', 'dynamic-update',
]);

export interface Section {
  readonly kind: string;
  /** The section's name (absent for `global` and an anonymous `defaults`). */
  readonly name?: string;
  /** `from NAME`: the defaults section this one inherits (HAProxy 2.4+). */
  readonly from?: string;
  /** Legacy `listen name addr:port` (the address it binds). */
  readonly bindAddress?: string;
  readonly statements: readonly Statement[];
  readonly loc: SourceLocation;
}

export interface SplitResult {
  readonly sections: readonly Section[];
  readonly notes: readonly ConfigNote[];
}

export function splitSections(statements: readonly Statement[]): SplitResult {
  const sections: Section[] = [];
  const notes: ConfigNote[] = [];
  let body: Statement[] | undefined;
  let depth = 0;
  for (const st of statements) {
    const keyword = st.words[0]!.text;
    if (keyword.startsWith('.')) {
      depth = conditional(st, keyword, depth, notes);
      continue;
    }
    if (SECTION_KEYWORDS.has(keyword)) {
      if (sections.length >= HAPROXY_LIMITS.maxSections) {
        throw new ConfigError('UH_CONFIG_PARSE', `too many sections (uh reads up to ${HAPROXY_LIMITS.maxSections})`, st.loc);
      }
      body = [];
      sections.push({ ...header(st, keyword), statements: body, loc: st.loc });
      continue;
    }
    if (!body) throw new ConfigError('UH_CONFIG_PARSE', `unknown keyword '${keyword}' out of section`, st.loc);
    body.push(st);
  }
  if (depth > 0) notes.push({ severity: 'warning', message: `a '.if' block is not closed by '.endif' (HAProxy refuses this)` });
  return { sections, notes };
}

function header(st: Statement, kind: string): Omit<Section, 'statements' | 'loc'> {
  const args = st.words.slice(1).map((w) => w.text);
  const fromAt = args.indexOf('from');
  const from = fromAt >= 0 ? args[fromAt + 1] : undefined;
  if (fromAt >= 0 && from === undefined) {
    throw new ConfigError('UH_CONFIG_PARSE', `'${kind}' : 'from' expects the name of a defaults section`, st.loc);
  }
  const positional = fromAt >= 0 ? args.slice(0, fromAt) : args;
  const name = positional[0];
  if (name === undefined && kind !== 'global' && kind !== 'defaults') {
    throw new ConfigError('UH_CONFIG_PARSE', `'${kind}' expects an <id> argument`, st.loc);
  }
  return {
    kind,
    ...(name !== undefined && kind !== 'global' ? { name } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(kind === 'listen' && positional[1] !== undefined ? { bindAddress: positional[1] } : {}),
  };
}

/** Track `.if` nesting (bounded as HAProxy bounds it); other `.` directives (`.notice`, `.diag`…) are ignored. */
function conditional(st: Statement, keyword: string, depth: number, notes: ConfigNote[]): number {
  if (keyword === '.if') {
    if (depth + 1 >= HAPROXY_LIMITS.maxNestedConditions) {
      throw new ConfigError('UH_CONFIG_PARSE', `too many nested '.if', max is ${HAPROXY_LIMITS.maxNestedConditions}`, st.loc);
    }
    notes.push({ severity: 'info', message: `${st.raw}: uh cannot evaluate the condition for the gateway's machine, so it reads every branch`, loc: st.loc });
    return depth + 1;
  }
  if (keyword === '.endif') {
    if (depth === 0) throw new ConfigError('UH_CONFIG_PARSE', `lone '.endif' with no matching '.if'`, st.loc);
    return depth - 1;
  }
  if ((keyword === '.elif' || keyword === '.else') && depth === 0) {
    throw new ConfigError('UH_CONFIG_PARSE', `lone '${keyword}' with no matching '.if'`, st.loc);
  }
  return depth;
}
