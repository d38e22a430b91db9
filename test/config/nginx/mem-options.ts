/** ParseOptions over an in-memory file tree, to test include resolution without touching the disk. */
import type { ParseOptions } from '../../../src/config/types.js';
import { segmentRegex } from '../../../src/config/fs-glob.js';
import { ConfigError } from '../../../src/errors.js';

export function memOptions(files: Readonly<Record<string, string>>, nginxPrefix?: string): ParseOptions & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new ConfigError('UH_CONFIG_UNREADABLE', `no such file: ${path}`);
      reads.push(path);
      return text;
    },
    glob: (pattern) => {
      const segments = pattern.split('/').map((s) => segmentRegex(s));
      return Object.keys(files)
        .filter((path) => {
          const parts = path.split('/');
          return parts.length === segments.length && parts.every((p, i) => segments[i]!.test(p));
        })
        .sort();
    },
    ...(nginxPrefix !== undefined ? { nginxPrefix } : {}),
  };
}
