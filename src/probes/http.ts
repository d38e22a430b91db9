import type { Probe } from './types.js';

/** PLACEHOLDER until the http probe lands: says skip, never pass. */
export const httpProbe: Probe = async () => ({
  probe: 'http', outcome: 'skip', ms: 0, message: 'skip: the http probe is not built yet', observations: [], facts: {},
});
