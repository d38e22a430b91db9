/**
 * Counting a log's recent lines per subject: how many, first and last seen, only lines at or after
 * `--since`. Shared by the nginx, Envoy and HAProxy log readers.
 */
import type { EventCount } from './types.js';

/** Lines looked at in one log tail, whatever its size. */
export const MAX_LOG_LINES = 200_000;

export class EventTally<K> {
  private readonly counts = new Map<string, { key: K; count: number; first: number; last: number }>();

  add(id: string, key: K, at: number): void {
    const seen = this.counts.get(id);
    if (seen) {
      seen.count += 1;
      seen.first = Math.min(seen.first, at);
      seen.last = Math.max(seen.last, at);
    } else this.counts.set(id, { key, count: 1, first: at, last: at });
  }

  entries(): { key: K; events: EventCount }[] {
    return [...this.counts.values()].map((e) => ({
      key: e.key,
      events: { count: e.count, first: new Date(e.first).toISOString(), last: new Date(e.last).toISOString() },
    }));
  }
}

/** The lines of a tail, bounded. */
export function logLines(text: string): string[] {
  const lines = text.split('\n');
  return lines.length > MAX_LOG_LINES ? lines.slice(-MAX_LOG_LINES) : lines;
}
