import { CATALOG, CAUSE_IDS, isCauseId } from '../causes/catalog.js';
import { UhError, UsageError } from '../errors.js';
import { readRunbook } from './read.js';
import { suggest } from './suggest.js';

/**
 * `uh explain <cause-id>`: the runbook text for one cause. An unknown id is a usage error (exit 2)
 * that names the closest ids, so a typo from a report or a chat message still lands.
 */
export function explain(id: string, dir?: string): string {
  const wanted = id.trim().toLowerCase();
  if (!isCauseId(wanted)) {
    const close = suggest(wanted, CAUSE_IDS);
    const hint = close.length > 0 ? ` — did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : '';
    throw new UsageError(`unknown cause id "${id}"${hint} (uh explain --list shows every id)`);
  }
  const text = readRunbook(wanted, dir);
  if (text === undefined) throw new UhError('UH_INTERNAL', `the runbook for ${wanted} is missing from this installation`);
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** `uh explain --list`: one line per id, layer and title, aligned, in catalog (diagnostic flow) order. */
export function listCauses(): string {
  const width = Math.max(...CAUSE_IDS.map((id) => id.length));
  const lines = [...CATALOG.values()].map(
    (c) => `${c.id.padEnd(width)}  ${c.layer.padEnd(8)}  ${c.severity.padEnd(8)}  ${c.title}`,
  );
  return `${lines.join('\n')}\n`;
}
