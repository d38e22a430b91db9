/**
 * The latency the health probe measured for a target, read from its facts. The http probe keeps
 * the median of its samples; a single-sample probe its own wall time.
 */
import type { TargetRun } from '../probes/run.js';
import type { ProbeResult } from '../probes/types.js';

/** Median answer time of the http probe on this result, when it got an answer. */
export function answeredLatencyMs(result: ProbeResult): number | undefined {
  if (result.probe !== 'http' || result.outcome === 'skip') return undefined;
  const latency = result.facts.latencyMs;
  return latency !== undefined && Number.isFinite(latency) ? latency : undefined;
}

/** The slowest measured latency across a target's addresses (the gateway meets the slowest). */
export function targetLatencyMs(run: TargetRun): number | undefined {
  const values = run.paths.flatMap((p) => p.results.map(answeredLatencyMs)).filter((v): v is number => v !== undefined);
  return values.length === 0 ? undefined : Math.max(...values);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `1234.5` → `1.23 s`, `12.34` → `12.3 ms`: numbers with units for evidence lines. */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}
