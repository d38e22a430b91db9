import type { Probe } from './types.js';

/** PLACEHOLDER until the h2 probe lands: says skip, never pass. */
export const h2Probe: Probe = async () => ({
  probe: 'h2', outcome: 'skip', ms: 0, message: 'skip: the h2 probe is not built yet', observations: [], facts: {},
});
