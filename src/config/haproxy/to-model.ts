/**
 * HAProxy statements → GatewayConfig: `backend` and `listen` sections are the groups (in file
 * order), `frontend` and `listen` sections give the routes, `resolvers` sections the groups'
 * nameservers, `global` the TLS verification default. `use_backend` to a backend that does not
 * exist stays a route (diagnose reports config-upstream-undefined, as HAProxy refuses to start).
 */
import { ConfigError } from '../../errors.js';
import type { ConfigNote, GatewayConfig, Route, UpstreamGroup } from '../../model/index.js';
import { formatLine } from '../../model/index.js';
import { readGlobal } from './global.js';
import { groupOf } from './group.js';
import { resolveProxies } from './inherit.js';
import { unknownKeywordNotes } from './known-keywords.js';
import type { Statement } from './lexer.js';
import { readResolvers } from './resolvers.js';
import { routesOf } from './routes.js';
import { splitSections } from './sections.js';

export function toModel(statements: readonly Statement[], path: string): GatewayConfig {
  const { sections, notes: sectionNotes } = splitSections(statements);
  const notes: ConfigNote[] = [...sectionNotes, ...unknownKeywordNotes(sections)];
  const proxies = resolveProxies(sections);
  const ctx = { global: readGlobal(sections), resolvers: readResolvers(sections, notes), notes };
  const groups: UpstreamGroup[] = [];
  const seen = new Map<string, UpstreamGroup>();
  const routes: Route[] = [];
  for (const proxy of proxies) {
    let hasServers = false;
    if (proxy.kind !== 'frontend') {
      const earlier = seen.get(proxy.name);
      if (earlier) {
        throw new ConfigError('UH_CONFIG_INVALID', `${proxy.kind} '${proxy.name}' has the same name as ${earlier.source} '${proxy.name}' declared at ${formatLine(earlier.loc)}`, proxy.section.loc);
      }
      const group = groupOf(proxy, ctx);
      seen.set(proxy.name, group);
      groups.push(group);
      hasServers = group.targets.length > 0;
    }
    routes.push(...routesOf(proxy, hasServers, notes));
  }
  return {
    source: { path, format: 'haproxy', files: [path] },
    groups,
    routes,
    unresolved: [],
    resolvers: [],
    ignore: [],
    serve: {},
    notes,
  };
}
