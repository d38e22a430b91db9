import type { Severity } from '../causes/catalog.js';
import type { Diagnosis } from '../diagnosis/types.js';

export interface ReportOptions {
  /** ANSI colour (TTY and not NO_COLOR / --no-color). */
  readonly color: boolean;
  /** uh's version, for formats that name the tool (json, sarif, junit). */
  readonly version: string;
  /** Terminal width for the table; undefined = not a TTY. */
  readonly width?: number;
  /**
   * `--fail-on`: formats that mark pass/fail per finding (junit) fail only findings at or above it,
   * so the CI test tab agrees with the exit code. Undefined: every warning and critical fails.
   */
  readonly failOn?: Severity;
}

/** Every output format is one pure function of the diagnosis; the CLI writes the string. */
export type Reporter = (diagnosis: Diagnosis, options: ReportOptions) => string;
