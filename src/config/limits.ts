/**
 * How much of a config uh will read. A config can be hostile (or generated wrong): every reader
 * stops at these bounds with a located ConfigError (exit 2) instead of exhausting the stack, the
 * heap or the user's patience. The numbers sit far above real gateway configs and well below where
 * memory or time become a problem (measured on a 2-core VM: see ARCHITECTURE §8).
 */

/** Collections or blocks inside one another. Readers and every later walk recurse at most this far. */
export const MAX_NESTING_DEPTH = 256;

/** Words in one nginx directive (a `server_name` or `map` line with thousands of names is still fine). */
export const MAX_DIRECTIVE_WORDS = 10_000;

/** nginx tokens (words, braces, semicolons) across the main file and every include. */
export const MAX_NGINX_TOKENS = 2_000_000;

/**
 * Characters of nginx text read across the main file and every include (the same file included
 * many times counts each time): the size limit of one file, four times over.
 */
export const MAX_NGINX_INCLUDED_CHARS = 64 * 1024 * 1024;

/**
 * YAML tokens (scalars, indicators, spaces, newlines) in one document. The `yaml` package spends
 * about 1 KB and a few microseconds per token building its syntax tree, so this bounds a YAML
 * config to a few hundred MB and a few seconds; a large real Envoy bootstrap is a few tens of
 * thousands. JSON read by the one-pass reader is bounded by MAX_JSON_NODES instead.
 */
export const MAX_YAML_TOKENS = 500_000;

/** Values (objects, arrays, scalars) in one JSON document read by Envoy's one-pass JSON reader. */
export const MAX_JSON_NODES = 2_000_000;

export function nestingTooDeep(): string {
  return `nesting deeper than ${MAX_NESTING_DEPTH} levels`;
}
