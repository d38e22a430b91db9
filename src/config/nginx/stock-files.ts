/**
 * The files an nginx package ships next to nginx.conf (Debian, the nginx.org packages, the official
 * image): a repository rarely holds them and they declare no upstreams, so a missing one is only
 * worth an info finding. Anything else that is missing may hold the upstream that fails: a warning.
 */
import { basename } from 'node:path';

const STOCK_NAMES = new Set(['mime.types', 'fastcgi_params', 'fastcgi.conf', 'uwsgi_params', 'scgi_params', 'proxy_params', 'win-utf']);

/** Whether an include argument names one of nginx's stock files (`snippets/*`, `koi-*` included). */
export function isStockInclude(pattern: string): boolean {
  const name = basename(pattern);
  return STOCK_NAMES.has(name) || name.startsWith('koi-') || /(^|\/)snippets\//.test(pattern);
}
