import { describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../../src/diagnosis/catalog.js';
import { jsonReporter } from '../../src/report/json.js';
import { SAMPLE_DIAGNOSIS } from '../fixtures/diagnosis/sample.js';

/** The contract §2 shape, checked key by key so a rename fails here before it breaks a pipeline. */
export function expectContractShape(doc: Record<string, unknown>): void {
  expect(doc).toMatchObject({
    schemaVersion: 1,
    tool: { name: 'uh', version: expect.any(String) },
    config: { path: expect.any(String), format: expect.stringMatching(/^(nginx|envoy|uh)$/) },
    verdict: expect.stringMatching(/^(healthy|degraded|no-healthy-upstream)$/),
  });
  for (const group of doc.groups as Record<string, unknown>[]) {
    expect(group.verdict).toMatch(/^(healthy|degraded|no-healthy-upstream|unknown)$/);
    for (const target of group.targets as Record<string, unknown>[]) {
      expect(typeof target.address).toBe('string');
      expect(typeof target.healthy).toBe('boolean');
      for (const check of target.checks as Record<string, unknown>[]) {
        expect(Object.keys(check)).toEqual(['probe', 'outcome', 'ms', 'message']);
        expect(check.probe).toMatch(/^(dns|tcp|tls|http|grpc|mcp|h2)$/);
        expect(check.outcome).toMatch(/^(pass|warn|fail|skip)$/);
      }
    }
  }
  const findings = doc.findings as Record<string, unknown>[];
  findings.forEach((f, i) => {
    expect(f.rank).toBe(i + 1);
    expect(CAUSE_IDS).toContain(f.cause);
    expect(f.severity).toMatch(/^(critical|warning|info)$/);
    expect(f.runbook).toBe(`runbooks/${String(f.cause)}.md`);
    for (const key of ['layer', 'confidence', 'group', 'targets', 'evidence', 'remediation']) expect(f).toHaveProperty(key);
  });
}

describe('json report (contract §2)', () => {
  const doc = JSON.parse(jsonReporter(SAMPLE_DIAGNOSIS, { color: false, version: '1.2.3' })) as Record<string, unknown>;

  it('has the contract shape, schemaVersion 1, and names the tool version', () => {
    expectContractShape(doc);
    expect(doc.tool).toEqual({ name: 'uh', version: '1.2.3' });
  });

  it('adds `location` (file:line) and `ignored` to findings without renaming anything', () => {
    const findings = doc.findings as Record<string, unknown>[];
    const first = SAMPLE_DIAGNOSIS.findings[0]!;
    expect(findings[0]).toMatchObject({ cause: first.cause, location: `${first.loc!.file}:${first.loc!.line}` });
    const ignored = SAMPLE_DIAGNOSIS.findings.filter((f) => f.ignored).map((f) => f.cause);
    expect(findings.filter((f) => f.ignored === true).map((f) => f.cause)).toEqual(ignored);
  });

  it('does not serialise raw probe facts', () => {
    expect(JSON.stringify(doc)).not.toContain('"results"');
  });
});
