import { describe, expect, it } from 'vitest';
import type { Diagnosis, Finding } from '../../src/diagnosis/types.js';
import { jsonReporter } from '../../src/report/json.js';
import { renderTable } from '../../src/report/table.js';
import { SAMPLE_DIAGNOSIS } from '../fixtures/diagnosis/sample.js';

/** `uh lint` over a config of many upstream blocks with no active check: one finding per group. */
function noCheck(group: string, rank: number, line: number): Finding {
  return {
    rank, cause: 'config-no-health-check', layer: 'config', severity: 'warning', confidence: 1, group, targets: [],
    evidence: ['only passive checks (max_fails=1 fail_timeout=10s)'],
    remediation: 'Add an active check.', runbook: 'runbooks/config-no-health-check.md',
    loc: { file: 'conf/nginx.conf', line, column: 3 },
  };
}

function lintOf(groups: number): Diagnosis {
  const findings = Array.from({ length: groups }, (_, i) => noCheck(`u${i}`, i + 1, 3 * i + 3));
  return { ...SAMPLE_DIAGNOSIS, verdict: 'healthy', groups: [], findings };
}

describe('the terminal folds the same finding about many groups into one block', () => {
  it('3,000 groups without an active check: one block naming the first three and the count', () => {
    const text = renderTable(lintOf(3000));
    expect(text.match(/config-no-health-check —/g)).toHaveLength(1);
    expect(text).toContain('where     3,000 groups: u0, u1, u2, +2,997 more · nginx.conf:3');
    expect(text.split('\n').length).toBeLessThan(40);
    // Machine formats keep every finding.
    expect((JSON.parse(jsonReporter(lintOf(3000), { color: false, version: '0.0.0' })) as { findings: unknown[] }).findings).toHaveLength(3000);
  });

  it('three alike findings stay three blocks; a config rule folds over differing evidence and shows the first as an example', () => {
    expect(renderTable(lintOf(3)).match(/config-no-health-check —/g)).toHaveLength(3);
    const mixed = lintOf(5);
    const findings = mixed.findings.map((f, i) => (i === 2 ? { ...f, evidence: ['no health check of any kind'] } : f));
    const text = renderTable({ ...mixed, findings });
    expect(text.match(/config-no-health-check —/g)).toHaveLength(1);
    expect(text).toContain('5 groups: u0, u1, u2, +2 more');
    expect(text).toContain('u0: only passive checks (max_fails=1 fail_timeout=10s)');
    expect(text).toContain('and the like in 4 more groups (--format json lists each)');
  });

  it('probe findings about different targets never fold: each is its own evidence', () => {
    const refused = (i: number): Finding => ({
      rank: i + 1, cause: 'tcp-refused', layer: 'tcp', severity: 'critical', confidence: 0.95, group: `g${i}`, targets: [`127.0.0.1:${9000 + i}`],
      evidence: [`connect ECONNREFUSED 127.0.0.1:${9000 + i}`], remediation: 'Start the upstream.', runbook: 'runbooks/tcp-refused.md',
    });
    const text = renderTable({ ...SAMPLE_DIAGNOSIS, groups: [], findings: Array.from({ length: 6 }, (_, i) => refused(i)) });
    expect(text.match(/tcp-refused —/g)).toHaveLength(6);
  });

  it('ten or more groups with the same verdict and reason share one verdict line; nine keep one each', () => {
    const offline = (n: number): Diagnosis => ({
      ...SAMPLE_DIAGNOSIS, offline: true, findings: [],
      groups: Array.from({ length: n }, (_, i) => ({ ...SAMPLE_DIAGNOSIS.groups[0]!, name: `u${i}`, verdict: 'unknown' as const })),
    });
    expect(renderTable(offline(3000))).toContain('3,000 groups (`u0`, `u1`, `u2`, +2,997 more): unknown — not probed (offline)');
    expect(renderTable(offline(9)).match(/: unknown — not probed \(offline\)/g)).toHaveLength(9);
  });
});
