/**
 * Routes from `frontend` and `listen` sections: each `use_backend` (evaluated first, in order),
 * then `default_backend` (wherever it is written; it may be inherited from `defaults`). A listen
 * section with servers is its own default. A `use_backend` whose name is a log-format expression
 * (`%[...]`) is decided per request: it is noted, never a reference.
 */
import type { ConfigNote, Route } from '../../model/index.js';
import type { AclTable } from './acl.js';
import { translateCondition } from './acl.js';
import type { Proxy } from './inherit.js';

export function routesOf(proxy: Proxy, hasServers: boolean, notes: ConfigNote[]): Route[] {
  if (proxy.kind === 'backend') return [];
  const listener = `${proxy.kind} ${proxy.name}`;
  const acls = aclTable(proxy);
  const routes: Route[] = [];
  let fallback: Route | undefined;
  for (const { st, origin } of proxy.statements) {
    const keyword = st.words[0]!.text;
    const args = st.words.slice(1).map((w) => w.text);
    if (keyword === 'default_backend' && args[0] !== undefined) {
      fallback = { match: {}, upstream: args[0], via: 'default_backend', listener, loc: st.loc };
    }
    if (keyword !== 'use_backend' || origin === 'defaults' || args[0] === undefined) continue;
    const [name, condition, ...cond] = args;
    if (name.includes('%[')) {
      notes.push({ severity: 'info', message: `use_backend ${name}: the backend is chosen per request from a sample expression`, loc: st.loc });
      continue;
    }
    if (condition !== 'if' && condition !== 'unless') {
      routes.push({ match: {}, upstream: name, via: 'use_backend', listener, loc: st.loc });
      continue;
    }
    const text = `${condition} ${cond.join(' ')}`;
    const t = translateCondition(condition, cond, acls);
    if ('opaque' in t) {
      routes.push({ match: {}, upstream: name, via: 'use_backend', listener, condition: text, unevaluated: t.opaque, loc: st.loc });
    } else {
      for (const match of t.matches) routes.push({ match, upstream: name, via: 'use_backend', listener, condition: text, loc: st.loc });
    }
  }
  if (fallback) routes.push(fallback);
  else if (proxy.kind === 'listen' && hasServers) routes.push({ match: {}, upstream: proxy.name, via: 'listen', listener, loc: proxy.section.loc });
  return routes;
}

/** `acl NAME criterion [flags] values…`; lines with one name OR together. */
function aclTable(proxy: Proxy): AclTable {
  const table = new Map<string, string[][]>();
  for (const { st, origin } of proxy.statements) {
    if (origin === 'defaults' || st.words[0]!.text !== 'acl' || st.words.length < 3) continue;
    const name = st.words[1]!.text;
    const lines = table.get(name) ?? [];
    lines.push(st.words.slice(2).map((w) => w.text));
    table.set(name, lines);
  }
  return table;
}
