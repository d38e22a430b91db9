/**
 * HAProxy's CSV statistics (`show stat` on the runtime API, `;csv` on the stats page): the first
 * line is `# ` and the column names, every later line a proxy or server. Columns are read by the
 * header line, never by position (they grow between versions). Fields that hold a comma or a quote
 * are double-quoted, with `""` for a quote (HAProxy's csv_enc). Bounded: a hostile or runaway
 * answer stops at MAX_ROWS rows.
 */
export const MAX_ROWS = 50_000;

export type CsvRow = ReadonlyMap<string, string>;

export interface HaproxyCsv {
  readonly columns: readonly string[];
  readonly rows: readonly CsvRow[];
}

/** Undefined when the text is not HAProxy's CSV (no `# pxname,svname,…` header). */
export function parseHaproxyCsv(text: string): HaproxyCsv | undefined {
  const lines = text.split('\n');
  const headerAt = lines.findIndex((l) => l.startsWith('# pxname,'));
  if (headerAt < 0) return undefined;
  const columns = splitCsvLine(lines[headerAt]!.slice(2)).filter((c) => c !== '');
  const rows: CsvRow[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (rows.length >= MAX_ROWS) break;
    if (line.trim() === '' || line.startsWith('#')) continue;
    const fields = splitCsvLine(line);
    rows.push(new Map(columns.map((name, i) => [name, fields[i] ?? ''])));
  }
  return { columns, rows };
}

/** One CSV line; a trailing comma (HAProxy ends every line with one) makes no extra field that matters. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch.replace('\r', '');
  }
  out.push(field);
  return out;
}

/** A numeric column, undefined when empty or not a number. */
export function num(row: CsvRow, column: string): number | undefined {
  const text = row.get(column);
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}
