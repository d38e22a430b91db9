import type { TargetState } from '../target-state.js';
import type { Balancer, BalancerFactory, PickInput } from './types.js';
import { eligible } from './types.js';

/** Weighted random: a uniform draw over the summed weights of the eligible targets. */
export const random: BalancerFactory = (pool, options) => {
  const rand = options.random ?? Math.random;
  return {
    pick(input: PickInput) {
      return weightedDraw(pool, input, rand);
    },
  } satisfies Balancer;
};

/** Shared by random and the hash policies' fallback (no key on the request). */
export function weightedDraw(pool: readonly TargetState[], input: PickInput, rand: () => number): TargetState | undefined {
  let total = 0;
  for (const t of pool) if (eligible(t, input)) total += t.weight;
  if (total <= 0) return undefined;
  let x = rand() * total;
  let last: TargetState | undefined;
  for (const t of pool) {
    if (!eligible(t, input)) continue;
    last = t;
    x -= t.weight;
    if (x < 0) return t;
  }
  return last;
}
