/**
 * The findings as stacked blocks, for terminals of 100 columns or fewer and for pipes: a heading
 * line per finding (rank, severity, cause and title), then labelled lines — where, evidence, fix,
 * runbook — wrapped under their label. Nothing is cut; every line fits the width.
 *
 *   1  CRIT  tcp-refused — Connection refused
 *      where     users → 127.0.0.1:33861 · uh.yaml:6
 *      evidence  connect ECONNREFUSED 127.0.0.1:33861 after 0.4 ms
 *      fix       Start the upstream process or fix the port: …
 *      runbook   uh explain tcp-refused (runbooks/tcp-refused.md)
 */
import type { ChalkInstance } from 'chalk';
import { cause } from '../../causes/catalog.js';
import type { Finding } from '../../diagnosis/types.js';
import type { Glyphs } from './glyphs.js';
import { severityMark } from './severity.js';
import { whereOf } from './where.js';
import { pad, wrapText } from './wrap.js';

const LABEL_WIDTH = 10;

export function findingsStacked(findings: readonly Finding[], width: number, paint: ChalkInstance, glyphs: Glyphs, configPath: string): string {
  const rankWidth = String(Math.max(...findings.map((f) => f.rank))).length + 2;
  const blocks = findings.map((f) => {
    const indent = ' '.repeat(rankWidth);
    const heading = `${f.cause} ${glyphs.dash} ${cause(f.cause).title}${f.ignored ? ' (ignored by config)' : ''}`;
    // The heading wraps under the cause, past the rank and the four-letter severity.
    const headingLines = wrapText(heading, width - rankWidth - 6);
    const lines = [
      `${pad(String(f.rank), rankWidth)}${severityMark(f.severity, paint)}  ${paint.bold(f.cause)}${headingLines[0]!.slice(f.cause.length)}`,
      ...headingLines.slice(1).map((l) => `${indent}      ${l}`),
    ];
    const field = (label: string, text: string): void => {
      const body = wrapText(text, width - rankWidth - LABEL_WIDTH);
      body.forEach((line, i) => lines.push(`${indent}${i === 0 ? paint.dim(pad(label, LABEL_WIDTH)) : ' '.repeat(LABEL_WIDTH)}${line}`));
    };
    field('where', whereText(f, configPath, glyphs));
    field('evidence', f.evidence.join('\n'));
    field('fix', f.remediation);
    field('runbook', `uh explain ${f.cause} (${f.runbook})`);
    return lines.join('\n');
  });
  return blocks.join('\n\n');
}

function whereText(f: Finding, configPath: string, glyphs: Glyphs): string {
  const where = whereOf(f, configPath);
  const targets = [...where.targets, ...(where.more > 0 ? [`+${where.more} more`] : [])].join(', ');
  const head = targets ? `${where.group} ${glyphs.arrow} ${targets}` : where.group;
  return where.line ? `${head} ${glyphs.dot} ${where.line}` : head;
}
