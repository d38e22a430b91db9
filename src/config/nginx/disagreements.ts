/**
 * Several locations can proxy to one upstream group with different settings (one verifies the
 * certificate, another does not; one waits 5 s, another nginx's default 60 s). The model keeps one
 * value per group, the first declared (group.ts), so uh probes what that location does. Say so
 * when the references disagree, naming each one, rather than pick silently.
 */
import type { ConfigNote } from '../../model/index.js';
import { formatLocation } from '../../model/index.js';
import type { GroupRef } from './group.js';
import { declaredTimeouts } from './timeouts.js';
import { declaredTls, referenceUsesTls } from './tls.js';

/** How many disagreeing references a note lists before "and N more". */
const MAX_LISTED = 3;

export function disagreementNotes(groupName: string, refs: readonly GroupRef[]): ConfigNote[] {
  if (refs.length < 2) return [];
  const tlsRefs = refs.filter((r) => referenceUsesTls(r.scheme, r.ref.scope));
  return [
    ...disagreements(groupName, refs, (r) => declaredTimeouts(r.ref.directive.name, r.ref.scope)),
    ...disagreements(groupName, tlsRefs, (r) => declaredTls(r.ref.directive.name, r.ref.scope)),
  ];
}

function disagreements(groupName: string, refs: readonly GroupRef[], declared: (r: GroupRef) => Record<string, string>): ConfigNote[] {
  if (refs.length < 2) return [];
  const records = refs.map(declared);
  const names = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const notes: ConfigNote[] = [];
  for (const name of names) {
    const values = records.map((r) => r[name]);
    if (new Set(values).size < 2) continue;
    const chosen = values.find((v) => v !== undefined)!;
    const file = refs[0]!.ref.directive.loc.file;
    const at = (r: GroupRef): string => (r.ref.directive.loc.file === file ? `line ${r.ref.directive.loc.line}` : formatLocation(r.ref.directive.loc));
    const listed = refs.slice(0, MAX_LISTED).map((r, i) => `${r.ref.scope.where} (${at(r)}): ${values[i] ?? "nginx's default"}`);
    const more = refs.length > MAX_LISTED ? `; and ${refs.length - MAX_LISTED} more` : '';
    notes.push({
      severity: 'warning',
      message: `upstream "${groupName}": its references disagree on ${name} (${listed.join('; ')}${more}); uh probes with ${chosen}, the first declared`,
      loc: refs[0]!.ref.directive.loc,
    });
  }
  return notes;
}
