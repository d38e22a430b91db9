import type { Probe } from './types.js';

/** PLACEHOLDER until the tls probe lands: says skip, never pass. */
export const tlsProbe: Probe = async () => ({
  probe: 'tls', outcome: 'skip', ms: 0, message: 'skip: the tls probe is not built yet', observations: [], facts: {},
});
