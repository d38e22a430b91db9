import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/index.js';
import { markdownReporter } from '../../src/report/markdown.js';
import { HEALTHY_DIAGNOSIS, SAMPLE_DIAGNOSIS } from '../fixtures/diagnosis/sample.js';

const OPTIONS = { color: false, version: '0.1.0' };
const GOLDEN = new URL('../fixtures/diagnosis/sample.md', import.meta.url);

describe('markdown report: what a PR comment or job summary shows', () => {
  it('matches the golden file for the fixed diagnosis (UPDATE_GOLDEN=1 rewrites it)', () => {
    const out = markdownReporter(SAMPLE_DIAGNOSIS, OPTIONS);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, out);
    expect(out).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('leads with the verdict and counts, and lists findings by rank', () => {
    const out = markdownReporter(SAMPLE_DIAGNOSIS, OPTIONS);
    expect(out.split('\n')[0]).toBe('## uh: ❌ no healthy upstream');
    expect(out).toContain('4 findings — 2 critical, 1 warning, 0 info, 1 accepted by `ignore:`');
    const order = [...out.matchAll(/^\| (\d) \|/gm)].map((m) => m[1]);
    expect(order).toEqual(['1', '2', '3', '4']);
  });

  it('keeps every table row at five cells: pipes, newlines and HTML in evidence are escaped', () => {
    const out = markdownReporter(SAMPLE_DIAGNOSIS, OPTIONS);
    const rows = out.split('\n').filter((l) => /^\| \d \|/.test(l));
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
    expect(out).not.toContain('<&>');
    expect(out).toContain('&lt;&amp;&gt;');
  });

  it('is stable under a shuffled finding order', () => {
    const shuffled = { ...SAMPLE_DIAGNOSIS, findings: [...SAMPLE_DIAGNOSIS.findings].reverse() };
    expect(markdownReporter(shuffled, OPTIONS)).toBe(markdownReporter(SAMPLE_DIAGNOSIS, OPTIONS));
  });

  it('says so plainly when there is nothing to report, and is registered as --format markdown', () => {
    const out = markdownReporter(HEALTHY_DIAGNOSIS, OPTIONS);
    expect(out).toContain('## uh: ✅ healthy');
    expect(out).toContain('(offline: static checks only)');
    expect(out).toContain('No findings.');
    expect(out).toContain('| api | unknown | not probed (0 targets) |');
    expect(REPORTERS.markdown).toBe(markdownReporter);
  });
});
