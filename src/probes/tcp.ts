import type { Probe } from './types.js';

/** PLACEHOLDER until the tcp probe lands: says skip, never pass. */
export const tcpProbe: Probe = async () => ({
  probe: 'tcp', outcome: 'skip', ms: 0, message: 'skip: the tcp probe is not built yet', observations: [], facts: {},
});
