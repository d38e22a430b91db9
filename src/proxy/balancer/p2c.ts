import type { TargetState } from '../target-state.js';
import type { Balancer, BalancerFactory, PickInput } from './types.js';
import { eligible } from './types.js';

/**
 * Power of two choices (Mitzenmacher; Envoy's default LEAST_REQUEST with choice_count 2): draw two
 * distinct eligible targets at random and take the one with fewer requests in flight, weighted.
 * Nearly as good as a full least-request scan, without herding on one target.
 */
export const p2c: BalancerFactory = (pool, options) => {
  const rand = options.random ?? Math.random;
  const scratch: TargetState[] = [];
  return {
    pick(input: PickInput) {
      scratch.length = 0;
      for (const t of pool) if (eligible(t, input)) scratch.push(t);
      const n = scratch.length;
      if (n <= 1) return scratch[0];
      const i = Math.floor(rand() * n);
      let j = Math.floor(rand() * (n - 1));
      if (j >= i) j++;
      const a = scratch[i]!;
      const b = scratch[j]!;
      return a.active / a.weight <= b.active / b.weight ? a : b;
    },
  } satisfies Balancer;
};
