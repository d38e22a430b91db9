/**
 * Typed errors with a stable `code`, in the style of undici's `lib/core/errors.js`: callers match on
 * `code`, never on the message. The CLI maps codes to exit codes in one place (`cli/exit.ts`).
 */
import type { SourceLocation } from './model/location.js';
import { formatLocation } from './model/location.js';

export type UhErrorCode =
  | 'UH_USAGE'
  | 'UH_CONFIG_UNREADABLE'
  | 'UH_CONFIG_PARSE'
  | 'UH_CONFIG_UNKNOWN_KEY'
  | 'UH_CONFIG_INVALID'
  | 'UH_CONFIG_UNSUPPORTED'
  | 'UH_INTERNAL';

export class UhError extends Error {
  override name = 'UhError';
  readonly code: UhErrorCode;
  constructor(code: UhErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Bad command-line usage (unknown option, bad value): exit code 2. */
export class UsageError extends UhError {
  override name = 'UsageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('UH_USAGE', message, options);
  }
}

/**
 * A config that cannot be read or is not valid. `loc` points at the offending token; the message
 * is printed as `file:line:column: message` so editors and CI annotations can jump to it.
 */
export class ConfigError extends UhError {
  override name = 'ConfigError';
  readonly loc: SourceLocation | undefined;
  /** The text as the user should read it, without the location prefix. */
  readonly detail: string;
  constructor(
    code: Extract<UhErrorCode, `UH_CONFIG_${string}`>,
    detail: string,
    loc?: SourceLocation,
    options?: { cause?: unknown },
  ) {
    super(code, loc ? `${formatLocation(loc)}: ${detail}` : detail, options);
    this.loc = loc;
    this.detail = detail;
  }
}

export function isUhError(err: unknown): err is UhError {
  const code: unknown = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('UH_');
}
