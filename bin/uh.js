#!/usr/bin/env node
// Thin launcher: all behaviour lives in dist/ (built from src/ on `npm install`). The CLI runs from
// dist/cli-bundle, the same code bundled by esbuild: one file to load instead of ~200 modules halves
// start-up. dist/cli/main.js is the unbundled build, used when no bundle was made.
import { existsSync } from 'node:fs';

const bundled = new URL('../dist/cli-bundle/main.js', import.meta.url);
const entry = existsSync(bundled) ? bundled.href : '../dist/cli/main.js';
import(entry).then((m) => (m.runCli ?? m.main)(process.argv)).catch((err) => {
  process.stderr.write(`uh: cannot start (${err && err.message ? err.message : err}). Run \`npm install\` (it builds dist/).\n`);
  process.exitCode = 2;
});
