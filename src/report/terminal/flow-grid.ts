/**
 * The flow grid: before the findings, one line per target in diagnostic-flow order (dns → tcp →
 * tls → health → protocol) showing where it stops — the layered diagnosis as a picture:
 *
 *                      dns  tcp        tls        health       h2
 *   users  no healthy upstream
 *     127.0.0.1:33861    –    ✗ refused  –          –            –
 *     127.0.0.1:46255    –    ✓          –          ✗ no answer  –
 *
 * Layers line up in columns across every target, so the eye runs down a column to see which
 * layer fails where. Where that does not fit the width, each target puts its address on a line of
 * its own and its layers below it, named (`tcp ✗ refused`), as many to a line as fit.
 */
import type { ChalkInstance } from 'chalk';
import type { Diagnosis, GroupReport, TargetReport } from '../../diagnosis/types.js';
import type { ProbeName, ProbeOutcome, ProbeResult } from '../../probes/types.js';
import { flowLabel } from './flow-labels.js';
import type { Glyphs } from './glyphs.js';
import { cut, pad, wrapHanging } from './wrap.js';

export interface GridOptions {
  readonly width: number;
  readonly paint: ChalkInstance;
  readonly glyphs: Glyphs;
}

/** One layer of one target, before colour. */
interface Cell {
  readonly probe: ProbeName;
  readonly outcome: ProbeOutcome;
  readonly label: string;
}

const TARGET_INDENT = '  ';
const GAP = '  ';
const FIXED_SLOTS = ['dns', 'tcp', 'tls', 'health'] as const;
/** A label longer than this is cut: the grid is for the eye, the findings carry the words. */
const MAX_LABEL = 13;
const HEALTH_PROBES: ReadonlySet<ProbeName> = new Set<ProbeName>(['http', 'grpc', 'mcp']);
const WORST_FIRST: readonly ProbeOutcome[] = ['fail', 'warn', 'pass', 'skip'];

/** The grid's lines, or none when nothing was probed (offline, or every group unprobed). */
export function flowGrid(diagnosis: Diagnosis, options: GridOptions): string[] {
  if (diagnosis.offline) return [];
  const rows = diagnosis.groups.flatMap((group) => group.targets.map((target) => ({ group, target, cells: slotted(cellsOf(target)) })));
  if (!rows.some((r) => r.cells.some((c) => c && c.outcome !== 'skip'))) return [];
  const { paint, glyphs, width } = options;
  const names = slotNames(rows.map((r) => r.cells));
  const slotWidths = names.map((name, i) => Math.max(name.length, ...rows.map((r) => (r.cells[i] ? mark(r.cells[i]!, glyphs).length : 0))));
  const addressWidth = Math.max(...rows.map((r) => r.target.address.length));
  const lineWidth = TARGET_INDENT.length + addressWidth + GAP.length + slotWidths.reduce((sum, w) => sum + w, 0) + GAP.length * (slotWidths.length - 1);
  const columns = lineWidth <= width;
  const title = `Where each target stops (dns ${glyphs.arrow} tcp ${glyphs.arrow} tls ${glyphs.arrow} health ${glyphs.arrow} protocol):`;
  const out: string[] = wrapHanging(title, width, 2).map((l) => paint.bold(l));
  // Wide enough: one line per target under column headings. Otherwise each layer says its name.
  if (columns) out.push(paint.dim(`${' '.repeat(TARGET_INDENT.length + addressWidth)}${GAP}${names.map((n, i) => pad(n, slotWidths[i]!)).join(GAP)}`.trimEnd()));
  let current: GroupReport | undefined;
  for (const row of rows) {
    if (row.group !== current) {
      current = row.group;
      const verdict = verdictWords(row.group);
      if (row.group.name.length + GAP.length + verdict.length <= width) out.push(`${paint.bold(row.group.name)}${GAP}${paint.dim(verdict)}`);
      else out.push(paint.bold(cut(row.group.name, width, glyphs.ellipsis)), `${TARGET_INDENT}${paint.dim(verdict)}`);
    }
    if (row.cells.length === 0) out.push(`${TARGET_INDENT}${row.target.address}${GAP}${paint.dim('not probed')}`);
    else if (columns) out.push(`${TARGET_INDENT}${pad(row.target.address, addressWidth)}${GAP}${row.cells.map((c, i) => coloured(c, slotWidths[i]!, options)).join(GAP)}`.trimEnd());
    else out.push(...namedLines(row.target, row.cells, options));
  }
  return out;
}

/** The narrow form: the address alone, then `tcp ✗ refused` cells, as many to a line as fit. */
function namedLines(target: TargetReport, cells: ReadonlyArray<Cell | undefined>, options: GridOptions): string[] {
  const { width, glyphs } = options;
  const lines = [`${TARGET_INDENT}${cut(target.address, width - TARGET_INDENT.length, glyphs.ellipsis)}`];
  const inner = TARGET_INDENT + TARGET_INDENT;
  let line = '';
  let used = 0;
  for (const cell of cells) {
    if (!cell) continue;
    const plain = `${cell.probe} ${mark(cell, glyphs)}`;
    if (used > 0 && inner.length + used + GAP.length + plain.length > width) {
      lines.push(`${inner}${line}`);
      line = '';
      used = 0;
    }
    line += `${used > 0 ? GAP : ''}${cell.probe} ${coloured(cell, 0, options)}`;
    used += (used > 0 ? GAP.length : 0) + plain.length;
  }
  if (used > 0) lines.push(`${inner}${line}`);
  return lines;
}

/** ✗ refused, ✓, – : the outcome and, for a fail or warning, what it was. */
function mark(cell: Cell, glyphs: Glyphs): string {
  return cell.label ? `${glyphs.outcome[cell.outcome]} ${cell.label}` : glyphs.outcome[cell.outcome];
}

/** The mark in its outcome's colour, padded to `width` (the padding stays uncoloured). */
function coloured(cell: Cell | undefined, width: number, { paint, glyphs }: GridOptions): string {
  if (!cell) return ' '.repeat(width);
  const text = mark(cell, glyphs);
  const tint = cell.outcome === 'fail' ? paint.red : cell.outcome === 'warn' ? paint.yellow : cell.outcome === 'pass' ? paint.green : paint.dim;
  return `${tint(text)}${' '.repeat(Math.max(0, width - text.length))}`;
}

/** dns, tcp, tls, health, then the protocol checks by the probes found there (h2, grpc, mcp). */
function slotNames(rows: ReadonlyArray<ReadonlyArray<Cell | undefined>>): string[] {
  const slots = Math.max(...rows.map((cells) => cells.length));
  return Array.from({ length: slots }, (_, i) => {
    if (i < FIXED_SLOTS.length) return FIXED_SLOTS[i]!;
    return [...new Set(rows.map((cells) => cells[i]?.probe).filter((p): p is ProbeName => p !== undefined))].join('/');
  });
}

/** dns, tcp, tls, the health check, then the protocol checks: the same slot means the same layer on every line. */
function slotted(cells: readonly Cell[]): Array<Cell | undefined> {
  const slots: Array<Cell | undefined> = [undefined, undefined, undefined, undefined];
  const rest: Cell[] = [];
  for (const cell of cells) {
    if (cell.probe === 'dns') slots[0] = cell;
    else if (cell.probe === 'tcp') slots[1] = cell;
    else if (cell.probe === 'tls') slots[2] = cell;
    else if (HEALTH_PROBES.has(cell.probe) && !slots[3]) slots[3] = cell;
    else rest.push(cell);
  }
  if (cells.length === 0) return [];
  return [...slots, ...rest];
}

/**
 * One cell per probe: a target whose name resolved to several addresses ran each layer once per
 * address, and the grid shows the worst of them (the findings name the address).
 */
function cellsOf(target: TargetReport): Cell[] {
  const byProbe = new Map<ProbeName, Cell>();
  const sources: ReadonlyArray<{ probe: ProbeName; outcome: ProbeOutcome; result?: ProbeResult }> =
    target.results.length > 0 ? target.results.map((r) => ({ probe: r.probe, outcome: r.outcome, result: r })) : target.checks;
  for (const source of sources) {
    const cell: Cell = { probe: source.probe, outcome: source.outcome, label: labelOf(source.outcome, source.result) };
    const seen = byProbe.get(source.probe);
    if (!seen || WORST_FIRST.indexOf(cell.outcome) < WORST_FIRST.indexOf(seen.outcome)) byProbe.set(source.probe, cell);
  }
  return [...byProbe.values()];
}

function labelOf(outcome: ProbeOutcome, result: ProbeResult | undefined): string {
  if (!result || (outcome !== 'fail' && outcome !== 'warn')) return '';
  const observation = result.observations.find((o) => o.severity !== 'info') ?? result.observations[0];
  const status = 'status' in result.facts && typeof result.facts.status === 'number' ? result.facts.status : undefined;
  const label = observation ? flowLabel(observation.cause, status) : (result.code ?? '').toLowerCase();
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}.` : label;
}

function verdictWords(group: GroupReport): string {
  if (group.verdict === 'no-healthy-upstream') return 'no healthy upstream';
  if (group.verdict === 'unknown') return 'not probed';
  return group.verdict;
}
