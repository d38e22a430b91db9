import type { Diagnosis } from '../diagnosis/types.js';

export interface ReportOptions {
  /** ANSI colour (TTY and not NO_COLOR / --no-color). */
  readonly color: boolean;
  /** uh's version, for formats that name the tool (json, sarif, junit). */
  readonly version: string;
  /** Terminal width for the table; undefined = not a TTY. */
  readonly width?: number;
}

/** Every output format is one pure function of the diagnosis; the CLI writes the string. */
export type Reporter = (diagnosis: Diagnosis, options: ReportOptions) => string;
