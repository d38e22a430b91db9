/**
 * `proxy_next_upstream` (and its grpc/uwsgi/scgi/fastcgi twins) with `_tries` and `_timeout` →
 * the group's RetryPolicy, read from the first reference that declares any of them. `error`
 * covers a failed connect and a connection that failed after the request was sent; `timeout` a
 * connect or header timeout; `http_NNN` that status. nginx passes a request that was sent only
 * when it is idempotent (unless `non_idempotent`), retries at once, and has no budget.
 */
import type { RetryOn, RetryPolicy } from '../../model/index.js';
import { parseDuration } from '../../model/index.js';
import type { Directive } from './parse.js';
import type { Scope } from './walk.js';

const CONDITIONS: Readonly<Record<string, readonly RetryOn[]>> = {
  error: ['connect_failure', 'reset'],
  timeout: ['timeout'],
  invalid_header: ['reset'],
  http_500: ['500'],
  http_502: ['502'],
  http_503: ['503'],
  http_504: ['504'],
  http_403: ['403'],
  http_404: ['404'],
  http_429: ['429'],
};

/** nginx's own default (`error timeout`, tries 0 = every server, no time limit) for `targets` servers. */
export function nginxDefaultRetries(targets: number): RetryPolicy {
  return policy(['connect_failure', 'reset', 'timeout'], targets, 0, undefined, {});
}

/** The declared policy, or undefined when the scope writes none of the three directives. */
export function declaredRetries(family: string, scope: Scope, targets: number): RetryPolicy | undefined {
  const next = scope.settings.get(`${family}_next_upstream`);
  const tries = scope.settings.get(`${family}_next_upstream_tries`);
  const timeout = scope.settings.get(`${family}_next_upstream_timeout`);
  if (!next && !tries && !timeout) return undefined;
  const declared: Record<string, string> = {};
  for (const d of [next, tries, timeout]) if (d) declared[d.name] = d.args.join(' ');
  const on = next ? conditions(next) : (['connect_failure', 'reset', 'timeout'] as const);
  const triesN = tries ? Number(tries.args[0]) : 0;
  const giveUp = timeout ? parseDuration(timeout.args[0] ?? '', 's') : undefined;
  return policy(on, targets, Number.isInteger(triesN) && triesN >= 0 ? triesN : 0, giveUp, declared);
}

function conditions(d: Directive): RetryOn[] {
  if (d.args.includes('off')) return [];
  return [...new Set(d.args.flatMap((a) => CONDITIONS[a] ?? []))];
}

function policy(on: readonly RetryOn[], targets: number, tries: number, giveUpAfterMs: number | undefined, declared: Record<string, string>): RetryPolicy {
  return {
    // tries counts the first one too; 0 = as many as there are servers.
    attempts: Math.max(0, (tries > 0 ? tries : targets) - 1),
    on,
    backoffMs: 0,
    maxBackoffMs: 0,
    // nginx has no retry budget: every failed try may pass to the next server.
    budget: 1,
    ...(giveUpAfterMs !== undefined && giveUpAfterMs > 0 ? { giveUpAfterMs } : {}),
    declared,
  };
}
