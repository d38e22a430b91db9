/**
 * Absolute includes written for the gateway host (`include /etc/nginx/conf.d/*.conf;`) read from a
 * checkout: the folder of the main config (or `--nginx-prefix`) stands for the conventional prefix
 * the path starts with, as the nginx packages lay it out.
 */
import { dirname, join } from 'node:path';

/** Where nginx's packages and builds keep nginx.conf (Debian/nginx.org, source builds, FreeBSD, Homebrew). */
export const CONVENTIONAL_PREFIXES = ['/etc/nginx/', '/usr/local/nginx/conf/', '/usr/local/etc/nginx/', '/opt/homebrew/etc/nginx/'] as const;

export interface PrefixMapping {
  /** The include path with its conventional prefix replaced. */
  readonly path: string;
  /** What was mapped to what, for the note the reader leaves when it uses the mapping. */
  readonly note: string;
}

/** The mapped path for `pattern`, or undefined when it starts with no conventional prefix or maps onto itself. */
export function includePrefixMapping(pattern: string, mainFile: string, nginxPrefix: string | undefined): PrefixMapping | undefined {
  const prefix = CONVENTIONAL_PREFIXES.find((p) => pattern.startsWith(p));
  if (prefix === undefined) return undefined;
  const base = nginxPrefix ?? dirname(mainFile);
  const path = join(base, pattern.slice(prefix.length));
  if (path === pattern) return undefined;
  const why = nginxPrefix !== undefined ? '--nginx-prefix' : `the folder of ${mainFile}, taken as the nginx prefix; --nginx-prefix overrides`;
  return { path, note: `include ${prefix}… is read from ${join(base, '/')} (${why})` };
}
