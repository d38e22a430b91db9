import type { Balancer, BalancerFactory, PickInput } from './types.js';
import { eligible } from './types.js';

/**
 * Least outstanding requests, weighted (active / weight, Envoy `LEAST_REQUEST` with full scan).
 * Ties rotate from a moving start so equal targets share load instead of the first one winning.
 */
export const leastRequest: BalancerFactory = (pool) => {
  let start = 0;
  return {
    pick(input: PickInput) {
      const n = pool.length;
      let best: (typeof pool)[number] | undefined;
      let bestScore = Infinity;
      for (let k = 0; k < n; k++) {
        const t = pool[(start + k) % n]!;
        if (!eligible(t, input)) continue;
        const score = (t.active + 1) / t.weight;
        if (score < bestScore) {
          bestScore = score;
          best = t;
        }
      }
      start = n === 0 ? 0 : (start + 1) % n;
      return best;
    },
  } satisfies Balancer;
};
