import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CauseId } from '../causes/catalog.js';

/** The four sections every runbook has, in order (CONTRACT.md §1: meaning, confirm, fix, prevent). */
export const RUNBOOK_SECTIONS = ['What it means', 'How to confirm', 'How to fix', 'How to prevent'] as const;
export type RunbookSection = (typeof RUNBOOK_SECTIONS)[number];

/**
 * The package's `runbooks/` directory. Runbooks ship as Markdown next to `dist/` (package.json
 * `files`), so they are found relative to this module: `dist/runbooks/read.js` and
 * `src/runbooks/read.ts` are both two levels below the package root.
 */
export function runbookDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', '..', 'runbooks');
}

export function runbookPath(id: CauseId, dir: string = runbookDir()): string {
  return join(dir, `${id}.md`);
}

const cache = new Map<string, string>();

/** The runbook's Markdown, or undefined when the file is missing (a packaging bug the test catches). */
export function readRunbook(id: CauseId, dir: string = runbookDir()): string | undefined {
  const path = runbookPath(id, dir);
  const hit = cache.get(path);
  if (hit !== undefined) return hit;
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  cache.set(path, text);
  return text;
}

/** Split a runbook into its `## ` sections (heading text → body, trimmed). */
export function runbookSections(markdown: string): ReadonlyMap<string, string> {
  const sections = new Map<string, string>();
  let current: string | undefined;
  let body: string[] = [];
  const flush = (): void => {
    if (current !== undefined) sections.set(current, body.join('\n').trim());
  };
  for (const line of markdown.split('\n')) {
    const heading = /^## (.+)$/.exec(line);
    if (heading) {
      flush();
      current = heading[1]!.trim();
      body = [];
    } else if (current !== undefined) {
      body.push(line);
    }
  }
  flush();
  return sections;
}
