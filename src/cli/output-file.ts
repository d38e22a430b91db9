/**
 * `--output FILE`: checked before any work (so a typo costs no probing run) and written with
 * errors that name the path. A missing folder, a directory or a read-only file is a usage error
 * (exit 2), never an internal one.
 */
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/** Throws a UsageError when `path` cannot be written as a file. */
export function checkOutputFile(path: string, flag = '--output'): void {
  const full = resolve(path);
  const existing = statOrUndefined(full);
  if (existing?.isDirectory()) throw new UsageError(`${flag} ${path}: it is a directory; name a file to write`);
  if (existing) {
    if (!canWrite(full)) throw new UsageError(`${flag} ${path}: permission denied`);
    return;
  }
  const folder = dirname(full);
  const parent = statOrUndefined(folder);
  if (!parent) throw new UsageError(`${flag} ${path}: the folder ${folder} does not exist`);
  if (!parent.isDirectory()) throw new UsageError(`${flag} ${path}: ${folder} is not a folder`);
  if (!canWrite(folder)) throw new UsageError(`${flag} ${path}: cannot create a file in ${folder} (permission denied)`);
}

/** Write `text` to `path`; a failure (disk full, a race with the check) is a UsageError naming the path. */
export function writeOutputFile(path: string, text: string, flag = '--output'): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const why = code === 'EISDIR' ? 'it is a directory; name a file to write'
      : code === 'ENOENT' ? 'its folder does not exist'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : err instanceof Error ? err.message : String(err);
    throw new UsageError(`${flag} ${path}: ${why}`, { cause: err });
  }
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
