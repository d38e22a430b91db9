import type { Severity } from '../causes/catalog.js';
import type { Diagnosis } from '../diagnosis/types.js';

export interface ReportOptions {
  /** ANSI colour (TTY and not NO_COLOR / --no-color). */
  readonly color: boolean;
  /** uh's version, for formats that name the tool (json, sarif, junit). */
  readonly version: string;
  /**
   * Terminal width for the table reporter (over 100 columns: a table; else stacked blocks);
   * undefined = not a TTY: stacked at 80 columns.
   */
  readonly width?: number;
  /** The locale speaks UTF-8 (default true): box drawing, and ✓ ✗ marks where there is colour too. */
  readonly unicode?: boolean;
  /**
   * `--fail-on`: formats that mark pass/fail per finding (junit) fail only findings at or above it,
   * so the CI test tab agrees with the exit code. Undefined: every warning and critical fails.
   */
  readonly failOn?: Severity;
}

/** Every output format is one pure function of the diagnosis; the CLI writes the string. */
export type Reporter = (diagnosis: Diagnosis, options: ReportOptions) => string;
