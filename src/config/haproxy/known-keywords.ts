/**
 * Notes for keywords HAProxy does not know in a proxy section (it refuses them: "unknown keyword
 * 'x' in 'backend' section"). uh keeps reading, names each (up to a bound), and says so once more
 * for the rest. Known keywords uh does not read stay quiet: HAProxy has hundreds.
 */
import type { ConfigNote } from '../../model/index.js';
import { PROXY_KEYWORDS } from './keywords.js';
import { HAPROXY_LIMITS } from './limits.js';
import type { Section } from './sections.js';
import { PROXY_KINDS } from './sections.js';

export function unknownKeywordNotes(sections: readonly Section[]): ConfigNote[] {
  const notes: ConfigNote[] = [];
  let more = 0;
  for (const section of sections) {
    if (!(PROXY_KINDS as readonly string[]).includes(section.kind)) continue;
    for (const st of section.statements) {
      const keyword = st.words[0]!.text;
      if (PROXY_KEYWORDS.has(keyword)) continue;
      if (notes.length >= HAPROXY_LIMITS.maxUnknownNotes) { more++; continue; }
      notes.push({ severity: 'warning', message: `unknown keyword '${keyword}' in '${section.kind}' section (HAProxy refuses it; uh ignores the line)`, loc: st.loc });
    }
  }
  if (more > 0) notes.push({ severity: 'warning', message: `${more} more unknown keywords not listed` });
  return notes;
}
