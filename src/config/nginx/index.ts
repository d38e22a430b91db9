import { ConfigError } from '../../errors.js';
import type { Parser } from '../types.js';

/** PLACEHOLDER until the nginx parser lands: replaced by the real implementation. */
export const parseNginx: Parser = (_text, path) => {
  throw new ConfigError('UH_CONFIG_UNSUPPORTED', `the nginx parser is not built yet (${path})`);
};
