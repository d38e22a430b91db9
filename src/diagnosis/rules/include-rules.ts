/**
 * `config-include-missing`: an nginx include that named no file here. The reader went on without
 * it, so the finding is located at the include line and says what was tried; nginx's stock files
 * (no upstreams in them) are info, anything else a warning — it may hold the failing upstream.
 */
import { formatLine } from '../../model/index.js';
import { candidate } from '../candidate.js';
import type { ConfigRule } from './types.js';

export const includeMissing: ConfigRule = (config) =>
  (config.missingIncludes ?? []).map((missing) => candidate('config-include-missing', {
    group: '',
    severity: missing.stock ? 'info' : 'warning',
    evidence: [
      `include ${missing.pattern} at ${formatLine(missing.loc)}: no such file here (tried ${missing.tried.join(', ')})`
        + (missing.stock ? '; a stock file shipped with nginx, it declares no upstreams' : '; whatever it declares was not read'),
    ],
    loc: missing.loc,
  }));

export const INCLUDE_RULES: readonly ConfigRule[] = [includeMissing];
