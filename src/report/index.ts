import { jsonReporter } from './json.js';
import { tableReporter } from './table.js';
import { githubReporter } from './github.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import type { Reporter } from './types.js';

/** Output formats for `uh diagnose --format`; one file per format, one line here. */
export const REPORTERS: Readonly<Record<string, Reporter>> = {
  table: tableReporter,
  json: jsonReporter,
  markdown: markdownReporter,
  junit: junitReporter,
  sarif: sarifReporter,
  github: githubReporter,
};
