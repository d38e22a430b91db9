import type { Probe } from './types.js';

/** PLACEHOLDER until the grpc probe lands: says skip, never pass. */
export const grpcProbe: Probe = async () => ({
  probe: 'grpc', outcome: 'skip', ms: 0, message: 'skip: the grpc probe is not built yet', observations: [], facts: {},
});
