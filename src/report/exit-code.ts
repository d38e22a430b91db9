/**
 * CONTRACT §3: 0 when no finding reaches the `--fail-on` threshold, 1 when one does. Ignored
 * findings (uh `ignore:`) never count: they are accepted risks. Config and usage errors (2) are
 * thrown as ConfigError/UsageError and mapped in cli/exit.ts, not here.
 */
import type { Severity } from '../causes/catalog.js';
import type { Finding } from '../diagnosis/types.js';

export const FAIL_ON_LEVELS: readonly Severity[] = ['critical', 'warning', 'info'];

const ORDER: Readonly<Record<Severity, number>> = { critical: 0, warning: 1, info: 2 };

/** Whether `severity` is at or above `threshold` (critical is the highest). */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return ORDER[severity] <= ORDER[threshold];
}

export function exitCodeFor(findings: readonly Finding[], failOn: Severity = 'critical'): 0 | 1 {
  return findings.some((f) => !f.ignored && atOrAbove(f.severity, failOn)) ? 1 : 0;
}
