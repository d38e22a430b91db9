/**
 * Durations in one vocabulary: uh YAML (`250ms`, `5s`, `1m`, `1h`), nginx (`10s`, `1m30s`, bare
 * seconds) and Envoy (`0.25s`, `{seconds: 5, nanos: 0}`) all become milliseconds here.
 */
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parse `250ms`, `1.5s`, `1m30s`; a bare number is `bareUnit` (nginx: seconds). Undefined when malformed. */
export function parseDuration(text: string, bareUnit: 'ms' | 's' = 's'): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * UNIT_MS[bareUnit]!;
  const parts = trimmed.match(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g);
  if (!parts || parts.join('') !== trimmed) return undefined;
  let total = 0;
  for (const part of parts) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(part)!;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
  }
  return total;
}

/** `1500` → `1.5s`, `250` → `250ms`, `60000` → `1m`: the shortest exact uh spelling. */
export function formatDuration(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
