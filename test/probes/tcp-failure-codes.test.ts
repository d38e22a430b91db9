import { describe, expect, it } from 'vitest';
import { causeChain, classifyError } from '../../src/probes/failure-codes.js';

function err(message: string, code?: string, cause?: unknown): Error {
  const e = new Error(message, cause === undefined ? undefined : { cause }) as Error & { code?: string };
  if (code !== undefined) e.code = code;
  return e;
}

describe('classifyError: one vocabulary for node, undici and abort errors', () => {
  it('finds the socket error under fetch\'s TypeError (undici wraps it in cause)', () => {
    const wrapped = new TypeError('fetch failed', { cause: err('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED') });
    expect(classifyError(wrapped)).toMatchObject({ code: 'ECONNREFUSED', kind: 'refused', message: 'connect ECONNREFUSED 127.0.0.1:1' });
  });

  it.each([
    ['EHOSTUNREACH', 'EHOSTUNREACH', 'unreachable'],
    ['ENETUNREACH', 'ENETUNREACH', 'unreachable'],
    ['UND_ERR_CONNECT_TIMEOUT', 'CONNECT_TIMEOUT', 'timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_SOCKET', 'SOCKET_CLOSED', 'reset'],
    ['EPIPE', 'EPIPE', 'reset'],
  ])('maps %s to %s (%s)', (raw, code, kind) => {
    expect(classifyError(err('x', raw))).toMatchObject({ code, kind, rawCode: raw });
  });

  it('recognises AbortSignal.timeout() and abort() by name', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(classifyError(timeout).kind).toBe('timeout');
    expect(classifyError(new DOMException('aborted', 'AbortError')).code).toBe('ABORTED');
  });

  it('does not hang on a cause cycle and says UNKNOWN for unknown errors', () => {
    const a = err('a') as Error & { cause?: unknown };
    a.cause = a;
    expect(causeChain(a)).toHaveLength(1);
    expect(classifyError(a)).toMatchObject({ code: 'UNKNOWN', kind: 'other', message: 'a' });
    expect(classifyError('plain string').message).toBe('plain string');
  });
});
