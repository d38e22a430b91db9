/** ParseOptions backed by the real file system (what src/config/load.ts supplies in production). */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ConfigError } from '../../../src/errors.js';
import type { ParseOptions } from '../../../src/config/types.js';
import { fsGlob } from '../../../src/config/fs-glob.js';

/**
 * Paths are resolved against `base` (so errors can name files relative to it), and `map` rewrites
 * absolute prefixes (e.g. `/etc/nginx/` → a corpus folder) the way a container's layout would.
 * Nothing outside `base` is read: the machine's own /etc/nginx must not leak into a test.
 */
export function fsOptions(base: string, extra: { nginxPrefix?: string; map?: readonly [string, string][] } = {}): ParseOptions {
  const root = `${resolve(base)}/`;
  const real = (p: string): string | undefined => {
    let path = resolve(base, p);
    for (const [from, to] of extra.map ?? []) if (p.startsWith(from)) path = resolve(base, to + p.slice(from.length));
    return path.startsWith(root) ? path : undefined;
  };
  /** Give a match back in the caller's vocabulary: undo the prefix rewrite, or make it relative to base. */
  const virtual = (realPath: string): string => {
    for (const [from, to] of extra.map ?? []) {
      const realPrefix = `${resolve(base, to)}/`;
      if (realPath.startsWith(realPrefix)) return from + realPath.slice(realPrefix.length);
    }
    return relative(base, realPath);
  };
  return {
    readFile: (p) => {
      try {
        const path = real(p);
        if (path === undefined) throw new Error('outside the test tree');
        return readFileSync(path, 'utf8');
      } catch (err) {
        throw new ConfigError('UH_CONFIG_UNREADABLE', `cannot read "${p}": ${(err as Error).message}`, undefined, { cause: err });
      }
    },
    glob: (pattern) => {
      const path = real(pattern);
      return path === undefined ? [] : fsGlob(path).map(virtual);
    },
    ...(extra.nginxPrefix !== undefined ? { nginxPrefix: extra.nginxPrefix } : {}),
  };
}
