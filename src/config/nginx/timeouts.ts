/**
 * Upstream timeouts in scope of a `*_pass`. Each pass module has its own family
 * (`proxy_`, `grpc_`, `fastcgi_`, `uwsgi_`, `scgi_` + `connect_timeout`/`send_timeout`/
 * `read_timeout`, default 60s each); the stream proxy has `proxy_connect_timeout` (60s) and
 * `proxy_timeout` (10m, between two successive reads or writes).
 */
import type { Timeouts } from '../../model/index.js';
import { parseDuration } from '../../model/index.js';
import type { Scope } from './walk.js';

const DEFAULT_MS = 60_000;
const STREAM_PROXY_TIMEOUT_MS = 600_000;

/** Family prefix of a pass directive: `grpc_pass` → `grpc`. */
export function familyOf(passDirective: string): string {
  return passDirective.replace(/_pass$/, '');
}

/** Names of the timeout directives that apply to `passDirective` in `context`. */
export function timeoutDirectives(passDirective: string, context: 'http' | 'stream'): string[] {
  if (context === 'stream') return ['proxy_connect_timeout', 'proxy_timeout'];
  const f = familyOf(passDirective);
  return [`${f}_connect_timeout`, `${f}_send_timeout`, `${f}_read_timeout`];
}

/** The timeout directives written in scope (inherited ones included), values as written. */
export function declaredTimeouts(passDirective: string, scope: Scope): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of timeoutDirectives(passDirective, scope.context)) {
    const d = scope.settings.get(name);
    if (d && d.args[0] !== undefined) out[name] = d.args[0];
  }
  return out;
}

/** Effective timeouts from what was declared, nginx defaults for the rest. */
export function effectiveTimeouts(
  passDirective: string | undefined,
  context: 'http' | 'stream',
  declared: Readonly<Record<string, string>>,
): Timeouts {
  const ms = (name: string, fallback: number): number => {
    const text = declared[name];
    return text === undefined ? fallback : (parseDuration(text) ?? fallback);
  };
  if (context === 'stream') {
    const idle = ms('proxy_timeout', STREAM_PROXY_TIMEOUT_MS);
    return { connectMs: ms('proxy_connect_timeout', DEFAULT_MS), readMs: idle, sendMs: idle, declared };
  }
  const f = familyOf(passDirective ?? 'proxy_pass');
  return {
    connectMs: ms(`${f}_connect_timeout`, DEFAULT_MS),
    sendMs: ms(`${f}_send_timeout`, DEFAULT_MS),
    readMs: ms(`${f}_read_timeout`, DEFAULT_MS),
    declared,
  };
}
