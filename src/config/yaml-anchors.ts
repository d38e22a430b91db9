/**
 * Which node a YAML alias names, found in O(log n). yaml's own `Alias.resolve(doc)` walks the whole
 * document on every call, so a file of many aliases takes time quadratic in its size (a 1 MB file
 * of aliases ran for minutes). Both YAML readers resolve through one index built in one walk.
 */
import { visit } from 'yaml';
import type { Alias, Document, Node } from 'yaml';

export class AnchorIndex {
  /** Anchor name → the nodes carrying it, in document order (so their offsets ascend). */
  readonly #byName = new Map<string, Node[]>();

  constructor(doc: Document) {
    visit(doc, {
      Node: (_key, node) => {
        if (!node.anchor) return;
        const list = this.#byName.get(node.anchor);
        if (list) list.push(node);
        else this.#byName.set(node.anchor, [node]);
      },
    });
  }

  /** The closest node anchored with the alias's name written before it (YAML 1.2 §3.2.2.2), if any. */
  resolve(alias: Alias): Node | undefined {
    const list = this.#byName.get(alias.source);
    if (!list) return undefined;
    const offset = alias.range?.[0] ?? Infinity;
    let lo = 0;
    let hi = list.length; // the first node at or after the alias
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid]!.range?.[0] ?? 0) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? list[lo - 1] : undefined;
  }
}
