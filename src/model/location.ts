/** Where a piece of the model came from. Lines and columns are 1-based, as editors show them. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** `file:line:column`, or `file:line` when the column is unknown (0). */
export function formatLocation(loc: SourceLocation): string {
  return loc.column > 0 ? `${loc.file}:${loc.line}:${loc.column}` : `${loc.file}:${loc.line}`;
}

/** `file:line`, the short form tables and the 503 body use. */
export function formatLine(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}`;
}
