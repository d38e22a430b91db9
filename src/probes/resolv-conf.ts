/**
 * The system resolver's configuration, as glibc reads resolv.conf(5): the nameservers, and the
 * `search` list and `ndots` option that turn a short name (`api`, `api.prod`) into the names
 * actually asked (`api.prod.svc.cluster.local`, …). A gateway that resolves through libc
 * (nginx and HAProxy at start-up, Envoy's c-ares) gets those names; asking only the short one would
 * report NXDOMAIN for a name the gateway resolves fine (every Kubernetes pod's resolv.conf).
 */
import { readFile } from 'node:fs/promises';
import type { ResolverAddress } from '../model/index.js';
import { parseResolverAddress } from '../model/index.js';

export const SYSTEM_RESOLV_CONF = '/etc/resolv.conf';

/** glibc's historical bounds (MAXDNSRCH, RES_MAXNDOTS): a hostile file cannot make a probe ask hundreds of names. */
const MAX_SEARCH_DOMAINS = 6;
const MAX_NDOTS = 15;
const DEFAULT_NDOTS = 1;

export interface ResolvConf {
  readonly file: string;
  readonly nameservers: readonly ResolverAddress[];
  /** The last `search` (or `domain`) line's domains, in order; empty when there is none. */
  readonly search: readonly string[];
  readonly ndots: number;
}

export async function readResolvConf(file = SYSTEM_RESOLV_CONF): Promise<ResolvConf> {
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch {
    // No resolv.conf: glibc's defaults apply (the local host, no search list).
  }
  const nameservers: ResolverAddress[] = [];
  let search: string[] = [];
  let ndots = DEFAULT_NDOTS;
  for (const raw of text.split('\n')) {
    const words = raw.replace(/[#;].*$/, '').trim().split(/\s+/);
    const [key, ...rest] = words;
    if (key === 'nameserver' && rest[0]) {
      const server = parseResolverAddress(rest[0].replace(/%.*$/, ''));
      if (server) nameservers.push(server);
    } else if (key === 'search' || key === 'domain') {
      // The last of `search` and `domain` wins (resolv.conf(5)).
      search = rest.filter((d) => d.length > 0 && d.length <= 253).map((d) => d.replace(/\.$/, '')).slice(0, MAX_SEARCH_DOMAINS);
    } else if (key === 'options') {
      for (const option of rest) {
        const m = /^ndots:(\d+)$/.exec(option);
        if (m) ndots = Math.min(MAX_NDOTS, Number(m[1]));
      }
    }
  }
  return { file, nameservers: nameservers.length > 0 ? nameservers : [{ host: '127.0.0.1', port: 53 }], search, ndots };
}

/**
 * The names the resolver asks for `name`, in its order (res_search): a name with at least `ndots`
 * dots is tried as given first, then with each search domain; a shorter one the other way round.
 * A name ending in a dot is absolute: only itself.
 */
export function searchNames(name: string, conf: Pick<ResolvConf, 'search' | 'ndots'>): string[] {
  if (name.endsWith('.') || conf.search.length === 0) return [name];
  const dots = name.split('.').length - 1;
  const suffixed = conf.search.map((domain) => `${name}.${domain}`);
  return dots >= conf.ndots ? [name, ...suffixed] : [...suffixed, name];
}
