/**
 * A counting semaphore for `--concurrency`: at most `limit` holders at once. A holder may step out
 * while it only waits (`idle`), so patient waits on hung upstreams do not starve active probing of
 * other targets. Work under way comes back ahead of work not begun (FIFO within each): a target
 * finishes its layers before a new one starts, so a hung upstream's request goes out early and its
 * patient wait overlaps the rest of the run instead of trailing it.
 */
export class Limiter {
  readonly #limit: number;
  #active = 0;
  /** Holders coming back from an idle wait: served first. */
  readonly #resuming: Array<() => void> = [];
  readonly #queue: Array<() => void> = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Resolves once a slot is held; pair every acquire with one release. */
  acquire(resuming = false): Promise<void> {
    if (this.#active < this.#limit) {
      this.#active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => (resuming ? this.#resuming : this.#queue).push(resolve));
  }

  release(): void {
    const next = this.#resuming.shift() ?? this.#queue.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else this.#active -= 1;
  }

  /** Run `fn` holding a slot; `fn` gets `idle` to wait without one. */
  async run<R>(fn: (idle: <T>(work: Promise<T>) => Promise<T>) => Promise<R>): Promise<R> {
    await this.acquire();
    const idle = async <T>(work: Promise<T>): Promise<T> => {
      this.release();
      try {
        return await work;
      } finally {
        await this.acquire(true);
      }
    };
    try {
      return await fn(idle);
    } finally {
      this.release();
    }
  }
}
