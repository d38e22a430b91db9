/**
 * A config that cannot be read is itself the finding (`config-parse-error`): machine formats
 * (json, sarif, github, junit, markdown) still get a report whose one finding points at the
 * file:line:column, so CI annotates the broken line. The exit code stays 2 (contract §3).
 */
import type { ConfigError } from '../errors.js';
import type { ConfigFormat } from '../model/index.js';
import { cause } from '../causes/catalog.js';
import type { Diagnosis } from './types.js';

export function diagnosisForConfigError(err: ConfigError, path: string, format: ConfigFormat): Diagnosis {
  const entry = cause('config-parse-error');
  return {
    config: { path, format },
    // The gateway cannot load this config, so nothing behind it is served from it.
    verdict: 'no-healthy-upstream',
    groups: [],
    offline: true,
    findings: [{
      rank: 1, cause: entry.id, layer: entry.layer, severity: entry.severity, confidence: 1, group: '', targets: [],
      evidence: [err.message], remediation: entry.remediation, runbook: entry.runbook, ...(err.loc ? { loc: err.loc } : {}),
    }],
  };
}
