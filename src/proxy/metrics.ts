/** Upper bounds (seconds) of the latency histogram: 1ms … 10s, Prometheus' usual spread. */
export const LATENCY_BUCKETS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * A Prometheus histogram as plain numbers: observe() is a short loop and two additions, so the
 * hot path pays nothing measurable (no labels map, no allocation).
 */
export class Histogram {
  readonly counts = new Float64Array(LATENCY_BUCKETS.length + 1);
  sum = 0;
  count = 0;

  observe(seconds: number): void {
    let i = 0;
    while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]!) i++;
    this.counts[i]!++;
    this.sum += seconds;
    this.count++;
  }

  /** Exposition lines (cumulative buckets) for one label set. */
  render(name: string, labels: string): string[] {
    const lines: string[] = [];
    let cumulative = 0;
    LATENCY_BUCKETS.forEach((le, i) => {
      cumulative += this.counts[i]!;
      lines.push(`${name}_bucket{${labels},le="${le}"} ${cumulative}`);
    });
    lines.push(`${name}_bucket{${labels},le="+Inf"} ${this.count}`);
    lines.push(`${name}_sum{${labels}} ${this.sum}`, `${name}_count{${labels}} ${this.count}`);
    return lines;
  }
}

/** Per-group counters the exchange bumps; per-target ones live on TargetState. */
export class GroupMetrics {
  readonly latency = new Histogram();
  retries = 0;
  retriesDenied = 0;
  noHealthy = 0;
  panics = 0;
  sessionsLost = 0;
  /** Requests refused by the group's cap on requests in flight (limits.maxRequests). */
  overloaded = 0;
}

/** A label value escaped per the exposition format (backslash, quote, newline). */
export function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
