import { isUhError } from '../errors.js';

/** Contract §3: 0 clean, 1 findings at/above --fail-on, 2 usage/config error. 3 is uh's own bug. */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

/** The one place errors become exit codes and messages; never a stack trace unless UH_DEBUG is set. */
export function reportError(err: unknown, write: (text: string) => void): number {
  if (isUhError(err)) {
    write(`uh: ${err.message}\n`);
    return err.code === 'UH_INTERNAL' ? EXIT.internal : EXIT.usage;
  }
  const message = err instanceof Error ? err.message : String(err);
  write(`uh: internal error: ${message}\n`);
  if (process.env.UH_DEBUG && err instanceof Error && err.stack) write(`${err.stack}\n`);
  else write('uh: run with UH_DEBUG=1 for details, and please report it.\n');
  return EXIT.internal;
}
