import type { Finding } from '../diagnosis/types.js';
import type { ProbeName } from '../probes/types.js';
import type { Layer } from '../causes/catalog.js';

/**
 * Findings in report order: by rank, then cause id, then group, so two runs with the same result
 * produce byte-identical reports (CI diffs and SARIF de-duplication rely on it).
 */
export function orderedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => a.rank - b.rank || a.cause.localeCompare(b.cause) || a.group.localeCompare(b.group),
  );
}

/** The catalog layer a probe reports on (the JSON report's `checks[].probe` → CONTRACT.md §1 layers). */
export const PROBE_LAYER: Readonly<Record<ProbeName, Layer>> = {
  dns: 'dns',
  tcp: 'tcp',
  tls: 'tls',
  http: 'service',
  h2: 'protocol',
  grpc: 'protocol',
  mcp: 'protocol',
};

/** `users → 10.0.0.11:8080`, `users`, or `config` for findings about the whole file. */
export function findingWhere(finding: Finding): string {
  if (finding.group === '') return finding.targets.length > 0 ? finding.targets.join(', ') : 'config';
  return finding.targets.length > 0 ? `${finding.group} → ${finding.targets.join(', ')}` : finding.group;
}
