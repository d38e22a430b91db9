import { expect } from 'vitest';
import { CAUSE_IDS } from '../../src/causes/catalog.js';

/** The contract §2 shape, checked key by key so a rename fails here before it breaks a pipeline. */
export function expectContractShape(doc: Record<string, unknown>): void {
  expect(doc).toMatchObject({
    schemaVersion: 1,
    tool: { name: 'uh', version: expect.any(String) },
    config: { path: expect.any(String), format: expect.stringMatching(/^(nginx|envoy|uh|haproxy)$/) },
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
