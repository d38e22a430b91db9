/**
 * Reading a proxy's effective settings: the last statement of a keyword wins (inherited ones
 * come first), `no option X` cancels `option X`, and HAProxy's durations (a bare number is
 * milliseconds; units us, ms, s, m, h, d).
 */
import { parseDuration } from '../../model/index.js';
import type { ScopedStatement } from './inherit.js';

/** The last statement whose first words are `words` (e.g. `['timeout', 'connect']`). */
export function lastOf(statements: readonly ScopedStatement[], ...words: string[]): ScopedStatement | undefined {
  for (let i = statements.length - 1; i >= 0; i--) {
    const s = statements[i]!;
    if (words.every((w, j) => s.st.words[j]?.text === w)) return s;
  }
  return undefined;
}

/** The argument words after `words` on the last matching statement. */
export function argsOf(statements: readonly ScopedStatement[], ...words: string[]): string[] | undefined {
  return lastOf(statements, ...words)?.st.words.slice(words.length).map((w) => w.text);
}

/** `option NAME` (true), `no option NAME` (false), or neither (undefined); the last one wins. */
export function optionState(statements: readonly ScopedStatement[], name: string): boolean | undefined {
  for (let i = statements.length - 1; i >= 0; i--) {
    const w = statements[i]!.st.words.map((x) => x.text);
    if (w[0] === 'option' && w[1] === name) return true;
    if ((w[0] === 'no' || w[0] === 'default') && w[1] === 'option' && w[2] === name) return w[0] === 'default' ? undefined : false;
  }
  return undefined;
}

/** The timeouts the model reads, values as written (inherited ones included). */
export const TIMEOUT_NAMES = ['connect', 'server', 'queue', 'check', 'tunnel'] as const;

export function declaredTimeouts(statements: readonly ScopedStatement[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of TIMEOUT_NAMES) {
    const value = argsOf(statements, 'timeout', name)?.[0];
    if (value !== undefined) out[name] = value;
  }
  // HAProxy 1.x spellings, still read by 2.x with a warning.
  const legacy: Record<string, string> = { contimeout: 'connect', srvtimeout: 'server' };
  for (const [old, name] of Object.entries(legacy)) {
    const value = argsOf(statements, old)?.[0];
    if (value !== undefined && out[name] === undefined) out[name] = value;
  }
  return out;
}

/** HAProxy time: a bare number is milliseconds; `us` is accepted too. Undefined when malformed. */
export function haproxyMs(text: string | number | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (typeof text === 'number') return text;
  const us = /^(\d+)us$/.exec(text);
  if (us) return Number(us[1]) / 1000;
  return parseDuration(text, 'ms');
}
