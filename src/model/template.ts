/**
 * Template placeholders left in a config that was not rendered: Helm/Go, Jinja and
 * consul-template `{{ x }}`, and envsubst `${X}` (upper case, as environment variables are; nginx's
 * own braced variables such as `${uri}` are lower case). The reader keeps them as opaque values;
 * the probes skip a target they touch ("templated") instead of resolving a name that is not one.
 */

const PLACEHOLDER = /\{\{.*?\}\}|\$\{[A-Z_][A-Z0-9_]*\}/;

/** The first placeholder in `text`, or undefined when there is none. */
export function templatePlaceholder(text: string): string | undefined {
  return PLACEHOLDER.exec(text)?.[0];
}

/** What to do about a placeholder, for notes and skip reasons. */
export const RENDER_FIRST = 'render the template first (e.g. `helm template`, `consul-template -once`, `envsubst`) and run uh on the result for a full check';
