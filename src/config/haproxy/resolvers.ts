/**
 * `resolvers NAME` sections: their `nameserver` lines become the resolvers of every group whose
 * servers name the section (`resolvers NAME` on a server line). `parse-resolv-conf` means the
 * system's nameservers (resolv.conf), which uh reads itself.
 */
import type { ConfigNote, ResolverAddress } from '../../model/index.js';
import { parseResolverAddress } from '../../model/index.js';
import type { Section } from './sections.js';

export interface ResolversSection {
  readonly nameservers: readonly ResolverAddress[];
  readonly parseResolvConf: boolean;
}

export function readResolvers(sections: readonly Section[], notes: ConfigNote[]): Map<string, ResolversSection> {
  const out = new Map<string, ResolversSection>();
  for (const section of sections) {
    if (section.kind !== 'resolvers' || section.name === undefined) continue;
    const nameservers: ResolverAddress[] = [];
    let parseResolvConf = false;
    for (const st of section.statements) {
      const w = st.words.map((x) => x.text);
      if (w[0] === 'parse-resolv-conf') parseResolvConf = true;
      if (w[0] !== 'nameserver') continue;
      const text = (w[2] ?? '').replace(/^(udp|tcp|ipv4|ipv6)@/, '');
      const address = parseResolverAddress(text, st.loc);
      if (address) nameservers.push(address);
      else notes.push({ severity: 'warning', message: `resolvers ${section.name}: nameserver ${w[1] ?? ''} has no usable address '${w[2] ?? ''}'`, loc: st.loc });
    }
    out.set(section.name, { nameservers, parseResolvConf });
  }
  return out;
}
