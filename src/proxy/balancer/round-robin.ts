import type { Balancer, BalancerFactory, PickInput } from './types.js';
import { eligible } from './types.js';

/**
 * Smooth weighted round-robin (nginx `ngx_http_upstream_get_peer`): every pick adds each
 * eligible target's weight to its running score, takes the highest, and subtracts the total from
 * it. Weights 5,1,1 give a,a,b,a,c,a,a — spread out, never bursts of one target.
 */
export const roundRobin: BalancerFactory = (pool) => {
  const current = new Float64Array(pool.length);
  return {
    pick(input: PickInput) {
      let total = 0;
      let best = -1;
      for (let i = 0; i < pool.length; i++) {
        const t = pool[i]!;
        if (!eligible(t, input)) continue;
        current[i]! += t.weight;
        total += t.weight;
        if (best < 0 || current[i]! > current[best]!) best = i;
      }
      if (best < 0) return undefined;
      current[best]! -= total;
      return pool[best];
    },
  } satisfies Balancer;
};
