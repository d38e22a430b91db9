/** What the model builders share: where each decoded path was written, and the notes they collect. */
import { ConfigError } from '../../errors.js';
import type { ConfigNote } from '../../model/gateway.js';
import type { SourceLocation } from '../../model/location.js';
import { displayPath, pathKey } from './paths.js';

export type Path = readonly (string | number)[];

export class BuildContext {
  readonly file: string;
  readonly notes: ConfigNote[] = [];
  #locs: ReadonlyMap<string, SourceLocation>;
  #written: unknown;

  constructor(file: string, locs: ReadonlyMap<string, SourceLocation>, written: unknown) {
    this.file = file;
    this.#locs = locs;
    this.#written = written;
  }

  /** Where `path` was written; for a defaulted key, where its nearest written ancestor was. */
  locOf(path: Path): SourceLocation {
    for (let n = path.length; n >= 0; n--) {
      const loc = this.#locs.get(pathKey(path.slice(0, n)));
      if (loc) return loc;
    }
    return { file: this.file, line: 1, column: 1 };
  }

  /** Whether the user wrote `path` (as opposed to a default filling it in). */
  isWritten(path: Path): boolean {
    return this.#locs.has(pathKey(path));
  }

  /** The value at `path` exactly as written (no defaults), for the model's `declared` fields. */
  declared(path: Path): Readonly<Record<string, unknown>> {
    let node: unknown = this.#written;
    for (const segment of path) node = (node as Record<string | number, unknown> | undefined)?.[segment];
    return node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : {};
  }

  /** A cross-field rejection (UH_CONFIG_INVALID) pointing at `path`. */
  invalid(path: Path, detail: string): ConfigError {
    return new ConfigError('UH_CONFIG_INVALID', `${displayPath(path)}: ${detail}`, this.locOf(path));
  }

  warn(path: Path, message: string): void {
    this.notes.push({ severity: 'warning', message: `${displayPath(path)}: ${message}`, loc: this.locOf(path) });
  }
}
