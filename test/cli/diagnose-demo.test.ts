import { describe, expect, it } from 'vitest';
import { runUh } from './helpers.js';

describe('uh demo (the command)', () => {
  it('exits 0 — showing the faults is the demo succeeding — and --format json keeps stdout one document', async () => {
    const { code, stdout, stderr } = await runUh(['demo', '--format', 'json']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { verdict: string; findings: { cause: string }[] };
    expect(doc.verdict).toBe('no-healthy-upstream');
    expect(doc.findings.length).toBeGreaterThan(5);
    expect(stderr).toContain('uh demo: started 8 upstreams');
  });
});
