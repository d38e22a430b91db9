/**
 * Reading a config from disk, the one way every command does it: clear errors for the file
 * itself (missing, a directory, unreadable, too large, binary, not UTF-8 outside comments, empty), format
 * detection, then the format's parser. A parser that throws anything but a UhError has a bug:
 * the user gets one sentence (exit 3), never a stack trace.
 */
import { readFileSync, statSync } from 'node:fs';
import { ConfigError, UhError, isUhError } from '../errors.js';
import type { ConfigFormat, GatewayConfig } from '../model/gateway.js';
import { detectFormat } from './detect-format.js';
import { fsGlob } from './fs-glob.js';
import { PARSERS } from './index.js';
import type { ParseOptions } from './types.js';

/** Largest config uh reads: far above real gateways (big nginx trees are a few MB), well below memory trouble. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

export interface LoadOptions {
  /** Skip detection (`--config-format`). */
  readonly format?: ConfigFormat;
  /** nginx `-p`: the prefix relative includes resolve against. */
  readonly nginxPrefix?: string;
}

/** Read, check, detect and parse `path`; throws ConfigError (exit 2) or UhError UH_INTERNAL (exit 3). */
export function loadConfig(path: string, options: LoadOptions = {}): GatewayConfig {
  const text = readConfigText(path);
  const format = options.format ?? detectFormat(text, path);
  const parseOptions: ParseOptions = {
    readFile: readConfigText,
    glob: (pattern) => fsGlob(pattern),
    ...(options.nginxPrefix !== undefined ? { nginxPrefix: options.nginxPrefix } : {}),
  };
  try {
    return PARSERS[format](text, path, parseOptions);
  } catch (err) {
    if (isUhError(err)) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new UhError('UH_INTERNAL', `the ${format} parser failed on ${path}: ${message} (a bug in uh; please report it with the config)`, { cause: err });
  }
}

/** The text of a config file (main or included), or a ConfigError saying why it cannot be read. */
export function readConfigText(path: string): string {
  const unreadable = (why: string, cause?: unknown): ConfigError =>
    new ConfigError('UH_CONFIG_UNREADABLE', `cannot read ${path}: ${why}`, undefined, cause === undefined ? undefined : { cause });
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw unreadable('it is a directory; name the config file inside it');
    if (!stat.isFile()) throw unreadable('it is not a regular file');
    size = stat.size;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw unreadable(describeFsError(err), err);
  }
  if (size > MAX_CONFIG_BYTES) throw unreadable(`it is ${(size / 1024 / 1024).toFixed(1)} MB; uh reads configs up to ${MAX_CONFIG_BYTES / 1024 / 1024} MB`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw unreadable(describeFsError(err), err);
  }
  return decodeText(bytes, path);
}

function describeFsError(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'it is a directory; name the config file inside it';
    case 'ENOTDIR': return 'a parent of it is not a directory';
    case 'ELOOP': return 'too many symbolic links';
    default: return err instanceof Error ? err.message : String(err);
  }
}

/** UTF-8 text without a BOM; binary (NUL bytes), invalid UTF-8 and empty files are errors with a position. */
function decodeText(bytes: Buffer, path: string): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new ConfigError('UH_CONFIG_UNREADABLE', `looks binary (a NUL byte at offset ${nul}), not a config file`, positionOf(bytes, nul, path));
  }
  const text = bytes.toString('utf8');
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0 && hasInvalidUtf8(bytes)) {
    // nginx (and YAML readers) skip comments byte by byte: a Latin-1 `# Générée` there is harmless.
    const outside = firstOutsideComment(text, bad);
    if (outside >= 0) throw new ConfigError('UH_CONFIG_UNREADABLE', 'not valid UTF-8 text (save the file as UTF-8)', textPosition(text, outside, path));
  }
  const withoutBom = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (withoutBom.trim() === '') throw new ConfigError('UH_CONFIG_UNREADABLE', `${path} is empty: there is no config to read`);
  return withoutBom;
}

/** The offset of the first replacement character (from `from` on) that is not inside a `#` comment, or -1. */
function firstOutsideComment(text: string, from: number): number {
  for (let at = from; at >= 0; at = text.indexOf('\uFFFD', at + 1)) {
    const lineStart = text.lastIndexOf('\n', at) + 1;
    if (!text.slice(lineStart, at).includes('#')) return at;
  }
  return -1;
}

function hasInvalidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return false;
  } catch {
    return true;
  }
}

function positionOf(bytes: Buffer, offset: number, path: string): { file: string; line: number; column: number } {
  return textPosition(bytes.subarray(0, offset).toString('utf8'), offset, path, true);
}

/** 1-based line and column of `offset` in `text` (or of the end of `text` when `atEnd`). */
function textPosition(text: string, offset: number, path: string, atEnd = false): { file: string; line: number; column: number } {
  const before = atEnd ? text : text.slice(0, offset);
  const lastNewline = before.lastIndexOf('\n');
  const line = before.split('\n').length;
  return { file: path, line, column: before.length - lastNewline };
}
