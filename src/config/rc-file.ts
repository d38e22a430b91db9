/**
 * `.uhrc`: per-cause policy for teams whose gateway config is nginx or Envoy (uh YAML has its own
 * top-level `ignore:`). YAML, decoded as strictly as uh YAML itself: an unknown key or an unknown
 * cause id is a ConfigError at file:line:column with a did-you-mean.
 *
 * Lookup: `--rc FILE` when given; else `.uhrc` in the config file's directory, else in the current
 * working directory (first found wins); `--no-rc` disables it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { CAUSE_IDS } from '../causes/catalog.js';
import type { CauseId } from '../causes/catalog.js';
import { ConfigError } from '../errors.js';
import { decodeDocument } from './uh/decode.js';
import type { TypeSpec } from './uh/schema-types.js';

export const RC_FILE_NAME = '.uhrc';

export interface RcFile {
  /** The file read (as found or as given to --rc). */
  readonly path: string;
  /** Cause ids accepted as known risks: reported, never fail the run. */
  readonly ignore: readonly CauseId[];
}

const RC_TYPE: TypeSpec = {
  kind: 'object',
  fields: {
    ignore: {
      type: { kind: 'list', of: { kind: 'enum', values: CAUSE_IDS, hint: 'a cause id (`uh explain --list` lists them)' } },
      default: [],
      doc: 'cause ids accepted as known risks (reported, never fail the run)',
    },
  },
};

/** `.uhrc` beside the config, else in `cwd`; undefined when neither exists. */
export function findRcFile(configPath: string, cwd: string = process.cwd()): string | undefined {
  const dirs = [path.dirname(path.resolve(cwd, configPath)), path.resolve(cwd)];
  for (const dir of dirs) {
    const candidate = path.join(dir, RC_FILE_NAME);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Read and strictly decode one rc file. */
export function loadRcFile(file: string): RcFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new ConfigError('UH_CONFIG_UNREADABLE', `cannot read ${file}: ${reason}`, undefined, { cause: err });
  }
  return parseRcText(text, file);
}

/** Decode rc text (exported for tests); `file` names the locations in errors. */
export function parseRcText(text: string, file: string): RcFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, version: '1.2', merge: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    const detail = syntax.message.replace(/ at line \d+, column \d+[\s\S]*$/, '');
    throw new ConfigError('UH_CONFIG_PARSE', `YAML syntax: ${detail}`, { file, line, column: col });
  }
  const decoded = decodeDocument(doc, lineCounter, file, RC_TYPE, text.length);
  const ignore = decoded.value.ignore as CauseId[];
  return { path: file, ignore: [...new Set(ignore)] };
}

/**
 * The rc file that applies: `rc` is the --rc value (a path), `false` for --no-rc, undefined to
 * look beside the config and then in `cwd`.
 */
export function resolveRcFile(configPath: string, rc: string | false | undefined, cwd: string = process.cwd()): RcFile | undefined {
  if (rc === false) return undefined;
  if (typeof rc === 'string') return loadRcFile(path.resolve(cwd, rc));
  const found = findRcFile(configPath, cwd);
  return found === undefined ? undefined : loadRcFile(found);
}
