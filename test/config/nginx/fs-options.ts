/** ParseOptions backed by the real file system (what src/config/load.ts supplies in production). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../../../src/errors.js';
import type { ParseOptions } from '../../../src/config/types.js';
import { fsGlob } from '../../../src/config/fs-glob.js';

/**
 * Paths are resolved against `base` (so errors can name files relative to it), and `map` rewrites
 * absolute prefixes (e.g. `/etc/nginx/` → a corpus folder) the way a container's layout would.
 */
export function fsOptions(base: string, extra: { nginxPrefix?: string; map?: readonly [string, string][]; stubs?: readonly string[] } = {}): ParseOptions {
  const real = (p: string): string => {
    for (const [from, to] of extra.map ?? []) if (p.startsWith(from)) return resolve(base, to + p.slice(from.length));
    return resolve(base, p);
  };
  const relative = (realPath: string, pattern: string): string => {
    // Give matches back in the caller's vocabulary: replace the real prefix of the pattern's directory.
    const dir = pattern.slice(0, pattern.lastIndexOf('/') + 1);
    const realDir = real(dir || './');
    return dir + realPath.slice(realDir.length).replace(/^\//, '');
  };
  return {
    readFile: (p) => {
      try {
        return readFileSync(real(p), 'utf8');
      } catch (err) {
        if (extra.stubs?.some((s) => p.endsWith(`/${s}`) || p === s)) return '';
        throw new ConfigError('UH_CONFIG_UNREADABLE', `cannot read "${p}": ${(err as Error).message}`, undefined, { cause: err });
      }
    },
    glob: (pattern) => fsGlob(real(pattern)).map((m) => relative(m, pattern)),
    ...(extra.nginxPrefix !== undefined ? { nginxPrefix: extra.nginxPrefix } : {}),
  };
}
