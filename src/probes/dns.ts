import type { Probe } from './types.js';

/** PLACEHOLDER until the dns probe lands: says skip, never pass. */
export const dnsProbe: Probe = async () => ({
  probe: 'dns', outcome: 'skip', ms: 0, message: 'skip: the dns probe is not built yet', observations: [], facts: {},
});
