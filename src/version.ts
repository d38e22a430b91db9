/**
 * uh's version, read from its package.json at run time. A file of its own on the ground floor, so
 * the CLI commands, the reporters' callers and `uh demo` read it without importing `cli/main.ts`
 * (which imports them: a cycle). The module may run from src/ (tests), dist/ (the library) or
 * dist/cli-bundle/ (the bundled CLI), so it walks up a few directories to the package's own file.
 */
import { readFileSync } from 'node:fs';

const PACKAGE_NAME = 'upstream-health';
/** src/version.ts and dist/version.js are one level down; dist/cli-bundle/*.js two. */
const MAX_LEVELS = 4;

function readVersion(): string {
  let dir = new URL('.', import.meta.url);
  for (let level = 0; level < MAX_LEVELS; level++) {
    dir = new URL('..', dir);
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json at this level (or not ours): keep walking up
    }
  }
  return '0.0.0-unknown';
}

export const VERSION: string = readVersion();
