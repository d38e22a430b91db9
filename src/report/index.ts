import { jsonReporter } from './json.js';
import { tableReporter } from './table.js';
import type { Reporter } from './types.js';

/** Output formats for `uh diagnose --format`; one file per format, one line here. */
export const REPORTERS: Readonly<Record<string, Reporter>> = {
  table: tableReporter,
  json: jsonReporter,
};
