import type { ChalkInstance } from 'chalk';
import type { Severity } from '../../causes/catalog.js';

/** CRIT / WARN / INFO, coloured by severity: the same four letters in every layout. */
export function severityMark(severity: Severity, paint: ChalkInstance): string {
  if (severity === 'critical') return paint.red('CRIT');
  if (severity === 'warning') return paint.yellow('WARN');
  return paint.blue('INFO');
}
