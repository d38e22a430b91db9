import { ConfigError } from '../../errors.js';
import type { Parser } from '../types.js';

/** PLACEHOLDER until the uh parser lands: replaced by the real implementation. */
export const parseUh: Parser = (_text, path) => {
  throw new ConfigError('UH_CONFIG_UNSUPPORTED', `the uh parser is not built yet (${path})`);
};
