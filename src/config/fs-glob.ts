/**
 * A tiny glob over the file system for nginx `include` patterns (`conf.d/*.conf`, `log[.]conf`,
 * `sites-enabled/?-*`). Node 20 has no `fs.globSync`; nginx itself uses glob(3) with the same three
 * wildcards (`*`, `?`, `[...]`), never `**`, and sorts the matches (ngx_open_glob), so do we.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/** Files matching `pattern` (wildcards allowed in any segment), sorted; [] when nothing matches. */
export function fsGlob(pattern: string): string[] {
  const segments = pattern.split(sep);
  const firstWild = segments.findIndex(hasWildcard);
  if (firstWild < 0) return isFile(pattern) ? [pattern] : [];
  const base = segments.slice(0, firstWild).join(sep) || (pattern.startsWith(sep) ? sep : '.');
  const prefix = firstWild === 0 ? '' : base;
  const found = walk(prefix, base, segments.slice(firstWild));
  return found.filter(isFile).sort();
}

function walk(prefix: string, dir: string, rest: readonly string[]): string[] {
  const [segment, ...tail] = rest;
  if (segment === undefined) return [prefix];
  if (!hasWildcard(segment)) {
    const next = prefix === '' ? segment : join(prefix, segment);
    return walk(next, next, tail);
  }
  const re = segmentRegex(segment);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    if (name.startsWith('.') && !segment.startsWith('.')) continue; // glob(3): `*` skips dot files
    if (!re.test(name)) continue;
    const next = prefix === '' ? name : join(prefix, name);
    out.push(...walk(next, next, tail));
  }
  return out;
}

function hasWildcard(segment: string): boolean {
  return /[*?[]/.test(segment);
}

/** `*` → any run, `?` → one character, `[abc]`/`[!a-z]`/`[^a]` → a class; everything else literal. */
export function segmentRegex(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else re += ch.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
