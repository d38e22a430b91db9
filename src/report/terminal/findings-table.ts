/**
 * The findings as a ranked table (rank, cause, where, evidence, remediation), for terminals wide
 * enough to hold five columns (over 100). Narrower ones get the stacked blocks instead.
 */
import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { cause } from '../../causes/catalog.js';
import type { Finding } from '../../diagnosis/types.js';
import type { Glyphs } from './glyphs.js';
import { severityMark } from './severity.js';
import type { Where } from './where.js';
import { whereOf } from './where.js';
import { wrapText } from './wrap.js';

/** cli-table3's borders in ASCII, for a terminal or log without UTF-8. */
const ASCII_BORDERS = {
  top: '-', 'top-mid': '+', 'top-left': '+', 'top-right': '+',
  bottom: '-', 'bottom-mid': '+', 'bottom-left': '+', 'bottom-right': '+',
  left: '|', 'left-mid': '+', mid: '-', 'mid-mid': '+',
  right: '|', 'right-mid': '+', middle: '|',
};

export function findingsTable(findings: readonly Finding[], width: number, paint: ChalkInstance, glyphs: Glyphs, configPath: string): string {
  const wheres = findings.map((f) => whereLines(whereOf(f, configPath), glyphs));
  const colWidths = columnWidths(findings, wheres, width);
  const table = new Table({
    head: ['#', 'cause', 'where', 'evidence', 'remediation'],
    colWidths,
    wordWrap: true,
    style: { head: [], border: [] },
    ...(glyphs.boxDrawing ? {} : { chars: ASCII_BORDERS }),
  });
  findings.forEach((f, i) => {
    table.push([
      String(f.rank),
      { content: `${severityMark(f.severity, paint)}\n${paint.bold(f.cause)}\n${cause(f.cause).title}${f.ignored ? '\n(ignored by config)' : ''}` },
      // Addresses and paths have no spaces: let them break anywhere rather than be cut off.
      { content: wheres[i]!.join('\n'), wrapOnWordBoundary: false },
      // cli-table3 cuts a word longer than the column (a URL, an address): split such words so nothing is lost.
      f.evidence.flatMap((line) => wrapText(line, colWidths[3]! - 2)).join('\n'),
      f.remediation,
    ]);
  });
  return table.toString();
}

/** Cause and where sized to their content (a cause id is never cut), the rest shared by evidence and remediation. */
function columnWidths(findings: readonly Finding[], wheres: readonly string[][], width: number): number[] {
  const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, n));
  const causeWidth = clamp(Math.max(...findings.map((f) => f.cause.length)) + 2, 14, 42);
  const whereWidth = clamp(Math.max(...wheres.flat().map((l) => l.length)) + 2, 14, 34);
  // Five columns have six border characters.
  const rest = Math.max(44, width - 6 - 4 - causeWidth - whereWidth);
  const evidence = Math.round(rest * 0.55);
  return [4, causeWidth, whereWidth, evidence, rest - evidence];
}

/** Group, up to three targets each on its own line, then file:line (relative to the main config). */
function whereLines(where: Where, glyphs: Glyphs): string[] {
  const lines = [where.targets.length > 0 ? `${where.group} ${glyphs.arrow}` : where.group, ...where.targets];
  if (where.more > 0) lines.push(`+${where.more} more`);
  if (where.line) lines.push(where.line);
  return lines;
}
