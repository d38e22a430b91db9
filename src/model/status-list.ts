/**
 * HTTP status lists as people write them: Envoy's `consecutive_5xx` counts every 5xx, which is
 * `500-599`, not a hundred numbers. Runs of consecutive codes become `from-to` ranges.
 */
import type { StatusRange } from './health.js';

/** `[500, 501, …, 599]` → `[{500..599}]`; codes sorted and de-duplicated first. */
export function toStatusRanges(codes: readonly number[]): StatusRange[] {
  const sorted = [...new Set(codes)].sort((a, b) => a - b);
  const out: StatusRange[] = [];
  for (const code of sorted) {
    const last = out.at(-1);
    if (last && code === last.to + 1) out[out.length - 1] = { from: last.from, to: code };
    else out.push({ from: code, to: code });
  }
  return out;
}

/** `500-599`, `502`: one label per range, as the uh YAML status lists accept them. */
export function formatStatusRange(range: StatusRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}

/** Every code of the ranges, in order (what a status set is built from). */
export function expandStatusRanges(ranges: readonly StatusRange[]): number[] {
  return ranges.flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i));
}
