/**
 * The same finding about many groups folds into one block on the terminal, so `uh lint` over 3,000
 * upstream blocks with one server and no active check prints two findings naming them, not 6,000
 * blocks (78,000 lines). Alike means: a config rule (same cause, severity and fix; the evidence
 * differs only by the group's own names), or any finding with the same evidence word for word and
 * no targets. Probe findings about different targets never fold: each is its own evidence. Only
 * the terminal folds; json, sarif, junit, markdown and github keep one finding per group.
 */
import type { Finding } from '../../diagnosis/types.js';

/** Fewer alike findings than this stay apart: three blocks read better than one list. */
export const FOLD_AT = 4;
/** Groups named in a folded block before "+N more". */
const GROUPS_NAMED = 3;

function keyOf(f: Finding): string | undefined {
  if (f.group === '') return undefined;
  if (f.layer === 'config') return JSON.stringify(['rule', f.cause, f.severity, f.remediation]);
  return f.targets.length === 0 ? JSON.stringify(['same', f.cause, f.severity, f.evidence, f.remediation]) : undefined;
}

/** The findings in rank order, each set of alike ones replaced (at its first rank) by one that names its groups. */
export function foldAlike(findings: readonly Finding[]): Finding[] {
  const alike = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = keyOf(f);
    if (key === undefined) continue;
    const same = alike.get(key);
    if (same) same.push(f);
    else alike.set(key, [f]);
  }
  const out: Finding[] = [];
  const folded = new Set<string>();
  for (const f of findings) {
    const key = keyOf(f);
    const same = key === undefined ? undefined : alike.get(key)!;
    if (!same || same.length < FOLD_AT) {
      out.push(f);
      continue;
    }
    if (folded.has(key!)) continue;
    folded.add(key!);
    out.push(foldedFinding(same));
  }
  return out;
}

/** One finding for all: where names the groups (the file:line is the first one's), evidence the first's as an example when they differ. */
function foldedFinding(same: readonly Finding[]): Finding {
  const [first] = same;
  const named = same.slice(0, GROUPS_NAMED).map((f) => f.group);
  const more = same.length - named.length;
  const group = `${count(same.length)} groups: ${named.join(', ')}${more > 0 ? `, +${count(more)} more` : ''}`;
  const identical = same.every((f) => f.evidence.join('\n') === first!.evidence.join('\n'));
  const evidence = identical
    ? first!.evidence
    : [...first!.evidence.map((line) => `${first!.group}: ${line}`), `and the like in ${count(same.length - 1)} more groups (--format json lists each)`];
  return { ...first!, group, targets: [], evidence };
}

const count = (n: number): string => n.toLocaleString('en-US');
