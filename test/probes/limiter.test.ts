import { describe, expect, it } from 'vitest';
import { Limiter } from '../../src/probes/limiter.js';

/** Node 20 has no Promise.withResolvers. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

describe('Limiter (--concurrency)', () => {
  it('never lets more than `limit` holders run at once, and serves waiters in order', async () => {
    const limiter = new Limiter(2);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, deferred);
    const runs = gates.map((gate, i) => limiter.run(async () => {
      started.push(i);
      active += 1;
      peak = Math.max(peak, active);
      await gate.promise;
      active -= 1;
    }));
    for (const gate of gates) gate.resolve();
    await Promise.all(runs);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('an idle holder gives its slot away and queues again to continue', async () => {
    const limiter = new Limiter(1);
    const events: string[] = [];
    const release = deferred();
    const a = limiter.run(async (idle) => {
      events.push('a:start');
      await idle(release.promise);
      events.push('a:resumed');
    });
    const b = limiter.run(async () => {
      events.push('b:ran');
      release.resolve();
    });
    await Promise.all([a, b]);
    expect(events).toEqual(['a:start', 'b:ran', 'a:resumed']);
  });

  it('a holder back from its idle wait goes ahead of targets not yet begun', async () => {
    const limiter = new Limiter(1);
    const events: string[] = [];
    const wake = deferred();
    const firstDone = deferred();
    const a = limiter.run(async (idle) => {
      events.push('a:start');
      await idle(wake.promise);
      events.push('a:resumed');
    });
    // b takes the slot a gave away; c and d queue behind it, not yet begun.
    const b = limiter.run(async () => {
      events.push('b:ran');
      wake.resolve();
      await firstDone.promise;
    });
    const c = limiter.run(async () => { events.push('c:ran'); });
    const d = limiter.run(async () => { events.push('d:ran'); });
    // Let a's wait end (it queues to resume) while b still holds the slot.
    await wake.promise;
    firstDone.resolve();
    await Promise.all([a, b, c, d]);
    expect(events).toEqual(['a:start', 'b:ran', 'a:resumed', 'c:ran', 'd:ran']);
  });
});
