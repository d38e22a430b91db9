import type { BalancePolicy } from '../../model/index.js';
import type { TargetState } from '../target-state.js';
import { consistentHash, ipHash } from './consistent-hash.js';
import { leastRequest } from './least-request.js';
import { p2c } from './p2c.js';
import { random } from './random.js';
import { roundRobin } from './round-robin.js';
import type { Balancer, BalancerFactory, BalancerOptions, PickInput } from './types.js';

export type { Balancer, BalancerFactory, BalancerOptions, PickInput } from './types.js';

/** Every policy uh emulates, by its config name. Adding one = a file plus a line here. */
export const BALANCERS: Readonly<Record<string, BalancerFactory>> = {
  round_robin: roundRobin,
  least_request: leastRequest,
  random,
  p2c,
  ip_hash: ipHash,
  hash: consistentHash,
};

/** The factory for a policy; policies uh does not emulate (`other:…`) fall back to p2c. */
export function balancerFor(policy: BalancePolicy): { factory: BalancerFactory; emulated: boolean } {
  const factory = BALANCERS[policy];
  return factory ? { factory, emulated: true } : { factory: p2c, emulated: false };
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
