import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

describe('uh demo (the command)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('exits 0 — showing the faults is the demo succeeding — and --format json keeps stdout one document', async () => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { stdout.push(String(chunk)); return true; });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => { stderr.push(String(chunk)); return true; });
    process.exitCode = undefined;
    await main(['node', 'uh', 'demo', '--format', 'json']);
    const code = Number(process.exitCode ?? 0);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    const doc = JSON.parse(stdout.join('')) as { verdict: string; findings: { cause: string }[] };
    expect(doc.verdict).toBe('no-healthy-upstream');
    expect(doc.findings.length).toBeGreaterThan(5);
    expect(stderr.join('')).toContain('uh demo: started 8 upstreams');
  });
});
