/**
 * The terminal report: the flow grid (where each target stops), the ranked findings — a table on
 * terminals over 100 columns, stacked blocks on narrower ones and in pipes — then one verdict line
 * per group and overall, and where to read more (`uh explain <id>`). Colour only when
 * `options.color` (a TTY without NO_COLOR / --no-color), so pipes and goldens get plain text.
 */
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import type { Diagnosis, Finding } from '../diagnosis/types.js';
import { findingsStacked } from './terminal/findings-stacked.js';
import { findingsTable } from './terminal/findings-table.js';
import { flowGrid } from './terminal/flow-grid.js';
import { foldAlike } from './terminal/fold.js';
import { asciiPunctuation, glyphsFor } from './terminal/glyphs.js';
import { wrapHanging } from './terminal/wrap.js';
import type { Reporter } from './types.js';
import { gatewayLines } from './gateway-lines.js';
import type { VerdictLine } from './verdict-lines.js';
import { noFindingsLine, verdictLines } from './verdict-lines.js';

/** Width when the output is not a terminal (a pipe, a file, CI): the stacked form at 80 columns. */
export const PIPE_WIDTH = 80;
/** Above this many columns the findings are a table; at or below, stacked blocks. */
export const TABLE_MIN_WIDTH = 101;

export const tableReporter: Reporter = (diagnosis, options) => {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  const glyphs = glyphsFor(options);
  const width = options.width ?? PIPE_WIDTH;
  const out: string[] = [];
  const grid = flowGrid(diagnosis, { width, paint, glyphs });
  if (grid.length > 0) out.push(...grid, '');
  // Accepted risks (uh `ignore:`) take one line, not a row each; the json report lists them in full.
  const active = foldAlike(diagnosis.findings.filter((f) => !f.ignored));
  const ignored = diagnosis.findings.filter((f) => f.ignored);
  if (active.length === 0) out.push(paint.green(noFindingsLine(diagnosis)));
  else if (width >= TABLE_MIN_WIDTH) out.push(findingsTable(active, width, paint, glyphs, diagnosis.config.path));
  else out.push(...wrapHanging('Findings, most probable root cause first:', width, 2).map((l) => paint.bold(l)), '', findingsStacked(active, width, paint, glyphs, diagnosis.config.path));
  // Prose lines wrap to the width too, continuing two spaces in, so no line is longer than the terminal.
  const wrapped = (text: string): string[] => wrapHanging(text, width, 2);
  if (ignored.length > 0 && active.length > 0 && width < TABLE_MIN_WIDTH) out.push('');
  if (ignored.length > 0) out.push(...wrapped(`Ignored by config (accepted risks): ${ignoredSummary(ignored)}`).map((l) => paint.dim(l)));
  const gateway = gatewayLines(diagnosis);
  if (gateway.length > 0) out.push('', ...wrapped('The gateway\'s own view:').map((l) => paint.bold(l)), ...gateway.flatMap((l) => wrapHanging(l, width - 2, 2)).map((l) => `  ${l}`));
  out.push('');
  for (const line of verdictLines(diagnosis)) out.push(...wrapped(line.text).map((l) => colourVerdict({ ...line, text: l }, paint)));
  const top = active[0];
  if (top) out.push('', ...wrapped(`Next: \`uh explain ${top.cause}\` (${top.runbook}) ${glyphs.dash} how to confirm it by hand, fix it, prevent it.`));
  const text = `${out.join('\n')}\n`;
  return glyphs.boxDrawing ? text : asciiPunctuation(text);
};

/** `config-single-member (orders, cart)` for each ignored cause. */
function ignoredSummary(findings: readonly Finding[]): string {
  const byCause = new Map<string, string[]>();
  for (const f of findings) byCause.set(f.cause, [...(byCause.get(f.cause) ?? []), f.group || 'whole config']);
  return [...byCause].map(([id, groups]) => `${id} (${groups.join(', ')})`).join('; ');
}

function colourVerdict(line: VerdictLine, paint: ChalkInstance): string {
  if (line.verdict === 'no-healthy-upstream') return paint.red(line.text);
  if (line.verdict === 'degraded') return paint.yellow(line.text);
  if (line.verdict === 'healthy') return paint.green(line.text);
  return line.text;
}

/** For tests and callers wanting the same text without colour. */
export function renderTable(diagnosis: Diagnosis, width = PIPE_WIDTH): string {
  return tableReporter(diagnosis, { color: false, version: '', width });
}
