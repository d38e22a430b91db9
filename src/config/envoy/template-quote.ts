/**
 * An unrendered Envoy template (Envoy's own integration tests, Helm charts) writes placeholders
 * unquoted: `port_value: {{ upstream_0 }}`, which YAML reads as a flow mapping used as a key. Such a
 * value, when it is the whole value of a line, is quoted before parsing so it stays an opaque string
 * (the probes then skip what it touches as "templated"). Only that line's later columns move, by the
 * two quotes; line numbers do not.
 */

const UNQUOTED_PLACEHOLDER = /^([ \t]*(?:-[ \t]+)?(?:[^\s#'"{][^#'"\n]*?:[ \t]+|-[ \t]+))(\{\{[^"\\\n]*?\}\})([ \t]*(?:#.*)?)$/gm;

export interface QuotedTemplate {
  readonly text: string;
  /** The first placeholder quoted, with its 1-based line, for the note. */
  readonly first?: { readonly placeholder: string; readonly line: number; readonly column: number };
  readonly count: number;
}

export function quoteTemplatePlaceholders(text: string): QuotedTemplate {
  if (!text.includes('{{')) return { text, count: 0 };
  let first: QuotedTemplate['first'];
  let count = 0;
  const quoted = text.replace(UNQUOTED_PLACEHOLDER, (_m, head: string, placeholder: string, tail: string, offset: number) => {
    count++;
    if (!first) {
      const line = text.slice(0, offset).split('\n').length;
      first = { placeholder, line, column: head.length + 1 };
    }
    return `${head}"${placeholder}"${tail}`;
  });
  return { text: quoted, count, ...(first ? { first } : {}) };
}
