/**
 * nginx merges a block's settings into its children (http → server → location → if). A layer
 * holds one block's own values and looks the rest up in its parent, so entering a block costs its
 * own directives only, not a copy of everything inherited.
 */
export class Layered<V> implements Iterable<[string, V]> {
  readonly #own: ReadonlyMap<string, V>;
  readonly #parent: Layered<V> | undefined;

  constructor(own: ReadonlyMap<string, V> = new Map(), parent?: Layered<V>) {
    this.#own = own;
    this.#parent = parent;
  }

  /** A child layer, or this very layer when the block adds nothing. */
  with(own: ReadonlyMap<string, V>): Layered<V> {
    return own.size === 0 ? this : new Layered(own, this);
  }

  get(name: string): V | undefined {
    return this.#own.has(name) ? this.#own.get(name) : this.#parent?.get(name);
  }

  has(name: string): boolean {
    return this.#own.has(name) || (this.#parent?.has(name) ?? false);
  }

  /** Every name in force with its innermost value. */
  *[Symbol.iterator](): Iterator<[string, V]> {
    const seen = new Set<string>();
    for (const own of this.#layers()) {
      for (const [name, value] of own) {
        if (seen.has(name)) continue;
        seen.add(name);
        yield [name, value];
      }
    }
  }

  /** Own maps from the innermost layer out. */
  #layers(): ReadonlyMap<string, V>[] {
    return [this.#own, ...(this.#parent ? this.#parent.#layers() : [])];
  }
}
