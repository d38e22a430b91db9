import { isUhError } from '../errors.js';

/** Contract §3: 0 clean, 1 findings at/above --fail-on, 2 usage/config error. 3 is uh's own bug. */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

/**
 * The one place errors become exit codes and messages; never a stack trace unless UH_DEBUG is set.
 * Every exit 3 (a bug in uh, whether or not it was caught and typed UH_INTERNAL on the way) prints
 * the stack and its causes with UH_DEBUG=1, and says so without it.
 */
export function reportError(err: unknown, write: (text: string) => void, env: NodeJS.ProcessEnv = process.env): number {
  if (isUhError(err) && err.code !== 'UH_INTERNAL') {
    write(`uh: ${err.message}\n`);
    return EXIT.usage;
  }
  const message = err instanceof Error ? err.message : String(err);
  write(isUhError(err) ? `uh: ${message}\n` : `uh: internal error: ${message}\n`);
  if (env.UH_DEBUG) write(stackWithCauses(err));
  else write('uh: run with UH_DEBUG=1 for details, and please report it.\n');
  return EXIT.internal;
}

/** The stack of `err` and of each `cause` under it (bounded: a cause chain can be a cycle). */
function stackWithCauses(err: unknown): string {
  let text = '';
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    const stack = current instanceof Error ? current.stack ?? `${current.name}: ${current.message}` : String(current);
    text += `${depth === 0 ? '' : 'caused by: '}${stack}\n`;
    current = current instanceof Error ? current.cause : undefined;
  }
  return text;
}
