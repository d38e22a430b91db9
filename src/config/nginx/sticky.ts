/**
 * NGINX Plus `sticky learn create=$upstream_cookie_NAME lookup=$cookie_NAME zone=z:1m [timeout=T]`
 * is session affinity learned from the upstream's response — uh's StickyPolicy. `create` names
 * what the upstream issues: a cookie (`$upstream_cookie_NAME`) or a header (`$upstream_http_X_ID`,
 * nginx's lower-case, underscore spelling of `X-Id`). Sessions expire after `timeout` (default 10m).
 * `sticky cookie`/`sticky route` are decided by nginx, not learned: they stay in params only.
 */
import type { StickyPolicy } from '../../model/index.js';
import { parseDuration } from '../../model/index.js';
import type { Directive } from './parse.js';

const DEFAULT_TIMEOUT_MS = 600_000;

export function stickyOf(d: Directive): StickyPolicy | undefined {
  if (d.args[0] !== 'learn') return undefined;
  const param = (name: string): string | undefined =>
    d.args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  const create = param('create') ?? '';
  const cookie = /^\$upstream_cookie_(\w+)$/.exec(create)?.[1];
  const header = /^\$upstream_http_(\w+)$/.exec(create)?.[1];
  const learn = cookie !== undefined ? `cookie:${cookie}` : header !== undefined ? header.replace(/_/g, '-') : undefined;
  if (learn === undefined) return undefined;
  const timeout = param('timeout');
  return { learn, ttlMs: (timeout !== undefined ? parseDuration(timeout) : undefined) ?? DEFAULT_TIMEOUT_MS };
}
