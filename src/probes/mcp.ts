import type { Probe } from './types.js';

/** PLACEHOLDER until the mcp probe lands: says skip, never pass. */
export const mcpProbe: Probe = async () => ({
  probe: 'mcp', outcome: 'skip', ms: 0, message: 'skip: the mcp probe is not built yet', observations: [], facts: {},
});
