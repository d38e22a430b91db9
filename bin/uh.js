#!/usr/bin/env node
// Thin launcher: all behaviour lives in dist/cli/main.js (built from src/ on `npm install`).
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((err) => {
  process.stderr.write(`uh: cannot start (${err && err.message ? err.message : err}). Run \`npm install\` (it builds dist/).\n`);
  process.exitCode = 2;
});
