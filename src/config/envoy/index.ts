import { ConfigError } from '../../errors.js';
import type { Parser } from '../types.js';

/** PLACEHOLDER until the envoy parser lands: replaced by the real implementation. */
export const parseEnvoy: Parser = (_text, path) => {
  throw new ConfigError('UH_CONFIG_UNSUPPORTED', `the envoy parser is not built yet (${path})`);
};
