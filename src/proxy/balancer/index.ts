import type { BalancePolicy, EmulatedBalancePolicy } from '../../model/index.js';
import { EMULATED_BALANCE_POLICIES } from '../../model/index.js';
import type { TargetState } from '../target-state.js';
import { consistentHash, ipHash } from './consistent-hash.js';
import { leastRequest } from './least-request.js';
import { p2c } from './p2c.js';
import { random } from './random.js';
import { roundRobin } from './round-robin.js';
import type { Balancer, BalancerFactory, BalancerOptions, PickInput } from './types.js';

export type { Balancer, BalancerFactory, BalancerOptions, PickInput } from './types.js';

/**
 * Every policy uh emulates, by its config name: keyed by `EmulatedBalancePolicy`, so a policy added
 * to `EMULATED_BALANCE_POLICIES` (model/group.ts) does not compile until it has a balancer here.
 */
export const BALANCERS: { readonly [P in EmulatedBalancePolicy]: BalancerFactory } = {
  round_robin: roundRobin,
  least_request: leastRequest,
  random,
  p2c,
  ip_hash: ipHash,
  hash: consistentHash,
};

/** The factory for a policy; policies uh does not emulate (`other:…`) fall back to p2c. */
export function balancerFor(policy: BalancePolicy): { factory: BalancerFactory; emulated: boolean } {
  return isEmulated(policy) ? { factory: BALANCERS[policy], emulated: true } : { factory: p2c, emulated: false };
}

export function isEmulated(policy: BalancePolicy): policy is EmulatedBalancePolicy {
  return (EMULATED_BALANCE_POLICIES as readonly string[]).includes(policy);
}

/**
 * Primaries first; backup targets only when no primary is available (nginx `backup`). Two
 * balancers, one per tier, so each keeps its own rotation state.
 */
export class TieredBalancer implements Balancer {
  readonly #primary: Balancer;
  readonly #backup: Balancer | undefined;

  constructor(factory: BalancerFactory, targets: readonly TargetState[], options: BalancerOptions) {
    const primaries = targets.filter((t) => !t.target.backup);
    const backups = targets.filter((t) => t.target.backup);
    this.#primary = factory(primaries, options);
    this.#backup = backups.length > 0 ? factory(backups, options) : undefined;
  }

  pick(input: PickInput): TargetState | undefined {
    return this.#primary.pick(input) ?? this.#backup?.pick(input);
  }
}
