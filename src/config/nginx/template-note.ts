/**
 * An unrendered template read as it is: placeholders stay opaque values (the lexer keeps `{{ … }}`
 * inside words; `${X}` is a word already), the targets they touch are skipped as "templated" by
 * the probes, and one note, at the first placeholder, says to render the template for a full check.
 */
import type { ConfigNote } from '../../model/index.js';
import { RENDER_FIRST, templatePlaceholder } from '../../model/index.js';
import type { Directive } from './parse.js';

export function templateNotes(root: readonly Directive[]): ConfigNote[] {
  const found: { placeholder: string; directive: Directive }[] = [];
  const walk = (directives: readonly Directive[]): void => {
    for (const d of directives) {
      for (const arg of d.args) {
        const placeholder = templatePlaceholder(arg);
        if (placeholder !== undefined) found.push({ placeholder, directive: d });
      }
      if (d.block) walk(d.block);
    }
  };
  walk(root);
  const first = found[0];
  if (!first) return [];
  const others = found.length > 1 ? ` and ${found.length - 1} more` : '';
  return [{
    severity: 'warning',
    message: `${first.directive.name} ${first.placeholder}${others}: a template placeholder, kept as written; the targets it touches are not probed ("templated"); ${RENDER_FIRST}`,
    loc: first.directive.loc,
  }];
}
