/**
 * HAProxy ACL conditions → route matches, where uh can express them: `path_beg`, `path`,
 * `path_reg`, `hdr(host)`, `hdr_dom(host)`, `hdr_end(host)` with a `.domain`, `method`, with `-i`. A
 * condition is an OR (`||`, `or`) of AND-ed terms; a term is a named ACL (several `acl` lines
 * with one name OR together), `!name`, or an anonymous `{ criterion values }`. Anything uh cannot
 * evaluate (negation, `unless`, `-f` files, source addresses, other fetches) makes the whole
 * condition opaque: the route is kept for references, and says why.
 */
import type { RouteMatch } from '../../model/index.js';

export type AclTable = ReadonlyMap<string, readonly (readonly string[])[]>;

export type Translation = { readonly matches: readonly RouteMatch[] } | { readonly opaque: string };

/** More alternatives than this (a product of many multi-value ACLs) is reported as opaque. */
const MAX_ALTERNATIVES = 64;

export function translateCondition(condition: 'if' | 'unless', words: readonly string[], acls: AclTable): Translation {
  if (condition === 'unless') return { opaque: `'unless' conditions are not evaluated by uh` };
  const terms = splitOr(words);
  const out: RouteMatch[] = [];
  for (const term of terms) {
    let alternatives: RouteMatch[] = [{}];
    for (const atom of atoms(term)) {
      const options = atomMatches(atom, acls);
      if ('opaque' in options) return options;
      const next: RouteMatch[] = [];
      for (const a of alternatives) {
        for (const b of options.matches) {
          const merged = merge(a, b);
          if (merged === 'opaque') return { opaque: 'a path matched two ways at once is not evaluated by uh' };
          next.push(merged);
        }
      }
      if (next.length > MAX_ALTERNATIVES) return { opaque: `the condition expands to more than ${MAX_ALTERNATIVES} alternatives` };
      alternatives = next;
    }
    out.push(...alternatives);
    if (out.length > MAX_ALTERNATIVES) return { opaque: `the condition expands to more than ${MAX_ALTERNATIVES} alternatives` };
  }
  return { matches: out };
}

function splitOr(words: readonly string[]): string[][] {
  const terms: string[][] = [[]];
  let depth = 0;
  for (const w of words) {
    if (w === '{') depth++;
    if (w === '}') depth--;
    if (depth === 0 && (w === '||' || w.toLowerCase() === 'or')) terms.push([]);
    else terms[terms.length - 1]!.push(w);
  }
  return terms.filter((t) => t.length > 0);
}

type Atom = { readonly name: string; readonly negated: boolean } | { readonly anonymous: readonly string[]; readonly negated: boolean };

function atoms(term: readonly string[]): Atom[] {
  const out: Atom[] = [];
  for (let i = 0; i < term.length; i++) {
    let w = term[i]!;
    let negated = false;
    if (w === '!') { negated = true; w = term[++i] ?? ''; }
    else if (w.startsWith('!')) { negated = true; w = w.slice(1); }
    if (w === '{') {
      const end = term.indexOf('}', i + 1);
      const stop = end < 0 ? term.length : end;
      out.push({ anonymous: term.slice(i + 1, stop), negated });
      i = stop;
    } else if (w.toLowerCase() !== 'and' && w !== '&&' && w !== '') {
      out.push({ name: w, negated });
    }
  }
  return out;
}

function atomMatches(atom: Atom, acls: AclTable): Translation {
  if (atom.negated) return { opaque: `negated ACLs are not evaluated by uh` };
  const lines = 'name' in atom ? acls.get(atom.name) : [atom.anonymous];
  if (!lines) {
    if ('name' in atom && (atom.name === 'TRUE' || atom.name === 'always_true')) return { matches: [{}] };
    return { opaque: `ACL '${'name' in atom ? atom.name : ''}' is not defined` };
  }
  const out: RouteMatch[] = [];
  for (const criterion of lines) {
    const one = criterionMatches(criterion);
    if ('opaque' in one) return one;
    out.push(...one.matches);
  }
  return { matches: out };
}

/** One `acl` line's criterion and values (OR-ed). */
function criterionMatches(words: readonly string[]): Translation {
  const [fetch, ...rest] = words;
  let caseless = false;
  let method: string | undefined;
  const values: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (w === '-i') caseless = true;
    else if (w === '-m') method = rest[++i];
    else if (w === '-f' || w === '-M') return { opaque: `ACL values from a file (${w} ${rest[i + 1] ?? ''}) are not read` };
    else if (w === '--') { values.push(...rest.slice(i + 1)); break; }
    else if (w.startsWith('-') && values.length === 0) continue;
    else values.push(w);
  }
  const kind = kindOf(fetch ?? '', method);
  if (kind === 'host-end' && values.some((v) => !v.startsWith('.'))) return { opaque: `${fetch ?? ''} with a value that is not a '.domain' suffix is not evaluated by uh` };
  if (!kind) return { opaque: `the fetch '${fetch ?? ''}${method ? ` -m ${method}` : ''}' is not evaluated by uh` };
  const matches = values.flatMap((v): RouteMatch[] => {
    switch (kind) {
      case 'path-beg': return [{ pathPrefix: v }];
      case 'path': return [{ path: v }];
      case 'path-reg': return [{ pathRegex: caseless ? `(?i)${v}` : v }];
      case 'host': return [{ host: v.toLowerCase() }];
      case 'host-dom': return [{ host: v.toLowerCase() }, { host: `*.${v.toLowerCase()}` }];
      case 'host-end': return [{ host: `*${v.toLowerCase()}` }];
      case 'method': return [{ method: v.toUpperCase() }];
    }
  });
  return { matches };
}

type Kind = 'path-beg' | 'path' | 'path-reg' | 'host' | 'host-dom' | 'host-end' | 'method';

function kindOf(fetch: string, method: string | undefined): Kind | undefined {
  // `,field(1,:)` drops the port from Host (what `uh export --to haproxy` writes).
  const f = fetch.toLowerCase().replace(/,field\(1,:\)$/, '');
  if (f === 'hdr_end(host)' || (/^(?:req\.)?hdr\(host\)$/.test(f) && method === 'end')) return 'host-end';
  if (f === 'method' && method === undefined) return 'method';
  if (f === 'path_beg' || (f === 'path' && method === 'beg')) return 'path-beg';
  if (f === 'path' && (method === undefined || method === 'str')) return 'path';
  if (f === 'path_reg' || (f === 'path' && method === 'reg')) return 'path-reg';
  const host = /^(?:req\.)?hdr\((host)\)$|^(hdr_dom)\(host\)$/.exec(f);
  if (host?.[1] && (method === undefined || method === 'str')) return 'host';
  if (host?.[2] || (host?.[1] && method === 'dom')) return 'host-dom';
  return undefined;
}

/** Both constraints at once (an AND), or 'opaque' when uh cannot say whether both can hold. */
function merge(a: RouteMatch, b: RouteMatch): RouteMatch | 'opaque' {
  const out: { -readonly [K in keyof RouteMatch]: RouteMatch[K] } = { ...a };
  for (const [key, value] of Object.entries(b) as [keyof RouteMatch, string][]) {
    if (out[key] !== undefined && out[key] !== value) return 'opaque';
    const pathKeys: (keyof RouteMatch)[] = ['pathPrefix', 'path', 'pathRegex'];
    if (pathKeys.includes(key) && pathKeys.some((k) => k !== key && out[k] !== undefined)) return 'opaque';
    out[key] = value;
  }
  return out;
}
