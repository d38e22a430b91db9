/** Errors become one `uh: ` line and an exit code; every exit 3 shows its stack with UH_DEBUG=1. */
import { describe, expect, it } from 'vitest';
import { EXIT, reportError } from '../../src/cli/exit.js';
import { ConfigError, UhError } from '../../src/errors.js';

function report(err: unknown, env: NodeJS.ProcessEnv = {}): { code: number; text: string } {
  let text = '';
  const code = reportError(err, (t) => (text += t), env);
  return { code, text };
}

describe('reportError', () => {
  it('a config error is one located line, exit 2, no stack even with UH_DEBUG', () => {
    const err = new ConfigError('UH_CONFIG_PARSE', 'nesting deeper than 256 levels', { file: 'a.conf', line: 3, column: 7 });
    expect(report(err, { UH_DEBUG: '1' })).toEqual({ code: EXIT.usage, text: 'uh: a.conf:3:7: nesting deeper than 256 levels\n' });
  });

  it('an internal error uh caught (UH_INTERNAL) is exit 3 and, with UH_DEBUG=1, prints its stack and its cause', () => {
    const cause = new RangeError('Maximum call stack size exceeded');
    const err = new UhError('UH_INTERNAL', 'the nginx parser failed on a.conf: Maximum call stack size exceeded (a bug in uh)', { cause });
    const quiet = report(err);
    expect(quiet.code).toBe(EXIT.internal);
    expect(quiet.text).toBe('uh: the nginx parser failed on a.conf: Maximum call stack size exceeded (a bug in uh)\nuh: run with UH_DEBUG=1 for details, and please report it.\n');
    const debug = report(err, { UH_DEBUG: '1' });
    expect(debug.code).toBe(EXIT.internal);
    expect(debug.text).toContain(err.stack!);
    expect(debug.text).toContain(`caused by: ${cause.stack!}`);
  });

  it('an error nothing typed is exit 3, the stack only with UH_DEBUG=1', () => {
    const err = new TypeError('x is undefined');
    expect(report(err).text).toBe('uh: internal error: x is undefined\nuh: run with UH_DEBUG=1 for details, and please report it.\n');
    expect(report(err, { UH_DEBUG: '1' }).text).toContain(err.stack!);
  });
});
