/** `balance <algorithm> [args]` → the model's policy (HAProxy's default is roundrobin). */
import type { BalancePolicy, HashKey } from '../../model/index.js';

export function balancePolicy(args: readonly string[] | undefined): { readonly balance: BalancePolicy; readonly hashOn?: HashKey } {
  const algo = args?.[0];
  if (algo === undefined || algo === 'roundrobin' || algo === 'static-rr') return { balance: 'round_robin' };
  if (algo === 'leastconn') return { balance: 'least_request' };
  if (algo === 'random') return { balance: 'random' };
  if (algo === 'source') return { balance: 'ip_hash' };
  const header = /^hdr\((.+)\)$/.exec(algo);
  if (header) return { balance: 'hash', hashOn: { header: header[1]! } };
  if (algo === 'rdp-cookie' || algo.startsWith('rdp-cookie(')) return { balance: `other:${algo}` };
  if (algo === 'uri' || algo === 'url_param' || algo === 'hash') return { balance: 'hash', hashOn: { expression: args!.join(' ') } };
  return { balance: `other:${algo}` };
}
