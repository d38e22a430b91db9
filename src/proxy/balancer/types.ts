import type { IncomingHttpHeaders } from 'node:http';
import type { HashKey } from '../../model/index.js';
import type { TargetState } from '../target-state.js';

/** What a balancer may look at for one pick. Reused per request: no per-pick allocation. */
export interface PickInput {
  readonly clientIp: string;
  readonly headers: IncomingHttpHeaders;
  /** Targets already tried by this request (retries go elsewhere); undefined on the first try. */
  readonly exclude: ReadonlySet<TargetState> | undefined;
}

/**
 * A selection policy over a fixed pool (caddy `Selector`). `pick` reads only `available()` and
 * returns undefined when no target qualifies: the caller turns that into the explaining 503.
 */
export interface Balancer {
  pick(input: PickInput): TargetState | undefined;
}

export interface BalancerOptions {
  readonly hashOn?: HashKey;
  /** Injectable randomness (0 ≤ x < 1) for the random-based policies. */
  readonly random?: () => number;
}

export type BalancerFactory = (pool: readonly TargetState[], options: BalancerOptions) => Balancer;

/** A target the pick may return: available, weighted in, and not already tried. */
export function eligible(t: TargetState, input: PickInput): boolean {
  return t.weight > 0 && t.available() && (input.exclude === undefined || !input.exclude.has(t));
}
