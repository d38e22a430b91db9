/**
 * HTTP status lists as people write them: Envoy's `consecutive_5xx` counts every 5xx, which is
 * `500-599`, not a hundred numbers. Runs of consecutive codes become `from-to` ranges.
 */
import type { StatusRange } from './health.js';

/** Shorter runs stay as the codes people write (`502, 503, 504`); longer ones become a range. */
const MIN_RANGE = 4;

/** `[500, 501, …, 599]` → `[{500..599}]`; codes sorted and de-duplicated first; short runs stay single codes. */
export function toStatusRanges(codes: readonly number[]): StatusRange[] {
  const sorted = [...new Set(codes)].sort((a, b) => a - b);
  const runs: StatusRange[] = [];
  for (const code of sorted) {
    const last = runs.at(-1);
    if (last && code === last.to + 1) runs[runs.length - 1] = { from: last.from, to: code };
    else runs.push({ from: code, to: code });
  }
  return runs.flatMap((r) => (r.to - r.from + 1 >= MIN_RANGE ? [r] : expandStatusRanges([r]).map((c) => ({ from: c, to: c }))));
}

/** `500-599`, `502`: one label per range, as the uh YAML status lists accept them. */
export function formatStatusRange(range: StatusRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}

/** Every code of the ranges, in order (what a status set is built from). */
export function expandStatusRanges(ranges: readonly StatusRange[]): number[] {
  return ranges.flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i));
}
