/**
 * What a `*_pass` target names, decided the way nginx decides it (ngx_http_upstream_add): a
 * target without a port whose host equals an `upstream` block's name (same http/stream context) is
 * that group; any other literal address is an implicit group of its own; a target holding variables
 * is resolved at request time, so statically it is unresolved — unless `set`/`map` give it a
 * literal value. A variable scheme or URI around a literal upstream name still links the group.
 */
import { ConfigError } from '../../errors.js';
import type { UnresolvedTarget } from '../../model/index.js';
import type { PassTarget } from './address.js';
import { parsePassTarget } from './address.js';
import type { UpstreamBlock } from './upstream.js';
import type { MapTable } from './variables.js';
import { substitute, variablesIn } from './variables.js';
import type { PassReference } from './walk.js';

export type Resolution =
  /** An `upstream` block. `scheme` undefined with `schemeUnknown` when the scheme is a variable. */
  | { readonly kind: 'block'; readonly block: UpstreamBlock; readonly scheme?: string; readonly schemeUnknown: boolean }
  /** A literal address: an implicit group named by the target as written. */
  | { readonly kind: 'literal'; readonly name: string; readonly target: PassTarget }
  /** A bare name that is no upstream and no usable address (no port where one is required). */
  | { readonly kind: 'undefined'; readonly name: string }
  /** Variables decide the target at run time. */
  | { readonly kind: 'none' };

export interface ClassifiedReference {
  readonly ref: PassReference;
  readonly resolution: Resolution;
  readonly unresolved?: UnresolvedTarget;
}

/** Variables that are the request URI: a target whose only unknowns are these still has a known address. */
const URI_VARIABLES = new Set(['request_uri', 'uri', 'document_uri', 'is_args', 'args', 'query_string']);

export function classifyReference(
  ref: PassReference,
  upstreams: ReadonlyMap<string, UpstreamBlock>,
  maps: MapTable,
): ClassifiedReference {
  const d = ref.directive;
  const text = d.args[0];
  if (text === undefined || d.args.length > 1) {
    throw new ConfigError('UH_CONFIG_PARSE', `invalid number of arguments in "${d.name}" directive`, d.loc);
  }
  const lookup = (host: string): UpstreamBlock | undefined => upstreams.get(`${ref.scope.context}:${host}`);
  if (variablesIn(text).length === 0) {
    checkScheme(text, d.name, ref.scope.context, d);
    return { ref, resolution: literalResolution(text, lookup) };
  }

  const sub = substitute(text, ref.scope.sets, maps);
  const resolvedValue = sub.unresolved.length === 0 ? sub.text : addressPrefix(sub.text, sub.firstUnresolvedAt!);
  const unresolved: UnresolvedTarget = {
    directive: d.name,
    text,
    ...(resolvedValue !== undefined && sub.via ? { resolvedVia: sub.via, resolvedValue } : {}),
    loc: d.loc,
  };
  return { ref, resolution: variableResolution(sub.text, lookup), unresolved };
}

/** Schemes each pass module accepts (nginx rejects others at start-up); undefined = no scheme allowed. */
const SCHEMES: Readonly<Record<string, readonly string[]>> = {
  proxy_pass: ['http', 'https'],
  grpc_pass: ['grpc', 'grpcs', ''],
  uwsgi_pass: ['uwsgi', 'suwsgi', ''],
};

/** nginx's `invalid URL prefix in "..."` for a literal target whose scheme the module does not speak. */
function checkScheme(text: string, directive: string, context: 'http' | 'stream', d: PassReference['directive']): void {
  if (context === 'stream') return;
  const allowed = SCHEMES[directive];
  if (!allowed) return;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text)?.[1]?.toLowerCase() ?? '';
  if (!allowed.includes(scheme)) {
    throw new ConfigError('UH_CONFIG_INVALID', `invalid URL prefix in "${text}"`, d.loc);
  }
}

function literalResolution(text: string, lookup: (host: string) => UpstreamBlock | undefined): Resolution {
  const target = parsePassTarget(text);
  const block = target.port === undefined && target.portText === undefined && target.socket === 'inet' ? lookup(target.host) : undefined;
  if (block) return { kind: 'block', block, ...(target.scheme ? { scheme: target.scheme } : {}), schemeUnknown: false };
  const needsPort = target.scheme === undefined && target.socket === 'inet';
  if (needsPort && target.port === undefined && target.portText === undefined) return { kind: 'undefined', name: text };
  return { kind: 'literal', name: text, target };
}

/** After substitution: link when the host part is a literal upstream name (scheme/URI may stay variable). */
function variableResolution(text: string, lookup: (host: string) => UpstreamBlock | undefined): Resolution {
  const m = /^([^/]*?):\/\//.exec(text);
  const scheme = m?.[1];
  const rest = m ? text.slice(m[0].length) : text;
  const authority = /^[^/?$]*/.exec(rest)![0];
  const after = rest.slice(authority.length);
  // `http://u3$cookie_rt`: the variable continues the host name, so the host is unknown.
  if (authority === '' || authority.includes(':') || (after.startsWith('$') && !uriVariable(after))) {
    return { kind: 'none' };
  }
  const block = lookup(authority);
  if (!block) return { kind: 'none' };
  const schemeUnknown = scheme !== undefined && scheme.includes('$');
  return { kind: 'block', block, ...(scheme && !schemeUnknown ? { scheme: scheme.toLowerCase() } : {}), schemeUnknown };
}

/** Whether `text` starts with a variable holding the request URI (`$request_uri`, `$upstream_uri`...). */
function uriVariable(text: string): boolean {
  const name = /^\$\{?([A-Za-z0-9_]+)/.exec(text)?.[1] ?? '';
  return URI_VARIABLES.has(name) || name.endsWith('_uri');
}

/**
 * When only URI variables remain unknown (`http://127.0.0.1:80$request_uri`), the address part is
 * still known: return it; undefined when an unknown variable is part of the scheme or authority.
 */
function addressPrefix(text: string, at: number): string | undefined {
  const prefix = text.slice(0, at);
  const target = parsePassTarget(prefix);
  if (target.authority === '' || (prefix.includes('://') && target.scheme === undefined)) return undefined;
  return target.uri !== '' || uriVariable(text.slice(at)) ? prefix : undefined;
}
