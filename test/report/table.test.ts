import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/diagnosis/types.js';
import { renderTable, tableReporter } from '../../src/report/table.js';
import type { ReportOptions } from '../../src/report/types.js';
import { SAMPLE_DIAGNOSIS } from '../fixtures/diagnosis/sample.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const plain = (text: string): string => text.replace(ANSI, '');
const longest = (text: string): number => Math.max(...plain(text).split('\n').map((l) => [...l].length));

/** The golden files: UPDATE_GOLDEN=1 rewrites them. */
function golden(name: string, out: string): void {
  const file = new URL(`../fixtures/diagnosis/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, out);
  expect(out).toBe(readFileSync(file, 'utf8'));
}

const render = (options: Partial<ReportOptions>): string => tableReporter(SAMPLE_DIAGNOSIS, { color: false, version: '0.0.0', ...options });

describe('table report: the layout follows the terminal', () => {
  it.each([
    ['80 columns, no colour: stacked findings', 'sample.table-80.txt', { width: 80 }],
    ['80 columns, colour', 'sample.table-80.ansi.txt', { width: 80, color: true }],
    ['80 columns, no UTF-8 (C locale): ASCII words and borders', 'sample.table-80.ascii.txt', { width: 80, unicode: false }],
    ['160 columns, no colour: the table', 'sample.table-160.txt', { width: 160 }],
    ['160 columns, colour', 'sample.table-160.ansi.txt', { width: 160, color: true }],
  ] as const)('%s (golden)', (_name, file, options) => {
    golden(file, render(options));
  });

  it('a pipe (no width) gets the stacked form at 80 columns', () => {
    expect(render({})).toBe(render({ width: 80 }));
    expect(render({})).not.toContain('┌');
  });

  it('over 100 columns the findings are a table; at 100 and below, stacked blocks', () => {
    expect(render({ width: 101 })).toContain('│ #  │ cause');
    expect(render({ width: 100 })).not.toContain('│ #  │ cause');
    expect(render({ width: 100 })).toContain('1  CRIT  tcp-refused — Connection refused');
  });

  it('colour adds codes, never changes the text, where the marks are words', () => {
    const coloured = render({ width: 80, color: true, unicode: false });
    expect(coloured).toMatch(ANSI);
    expect(plain(coloured)).toBe(render({ width: 80, unicode: false }));
    expect(render({ width: 80, unicode: false })).not.toMatch(ANSI);
  });

  it('without UTF-8 every character is ASCII', () => {
    // The sample's own evidence is ASCII, so anything else would be the report's drawing.
    expect(render({ width: 80, unicode: false })).toMatch(/^[\x20-\x7e\n]*$/);
    expect(render({ width: 160, unicode: false })).toMatch(/^[\x20-\x7e\n]*$/);
  });

  it('says so when there is nothing to report', () => {
    const clean = { ...SAMPLE_DIAGNOSIS, verdict: 'healthy' as const, findings: [], groups: SAMPLE_DIAGNOSIS.groups.slice(1) };
    const text = renderTable(clean);
    expect(text).toContain('No findings');
    expect(text).toContain('overall: healthy');
    expect(text).not.toContain('uh explain');
  });

  it('offline (uh lint): no health verdict is claimed for what was not probed, and no flow grid', () => {
    const offline = {
      ...SAMPLE_DIAGNOSIS, offline: true, verdict: 'healthy' as const,
      groups: SAMPLE_DIAGNOSIS.groups.map((g) => ({ ...g, verdict: 'unknown' as const })),
    };
    const text = renderTable(offline, 160);
    expect(text).toContain('`users`: unknown — not probed (offline)');
    expect(text).toContain('overall: static checks only (offline) — 2 group(s), 4 finding(s)');
    expect(text).not.toContain('overall: healthy');
    expect(text).not.toContain('Where each target stops');
    const clean = { ...offline, findings: [] };
    expect(renderTable(clean)).toContain('No findings from the config rules (offline: no target was probed');
  });
});

describe('table report: the flow grid shows where each target stops', () => {
  it('one line per target, layers in flow order, the failing layer named', () => {
    const lines = plain(render({ width: 80 })).split('\n');
    const refused = lines.find((l) => l.includes('10.0.0.11:8080'))!;
    const expired = lines.find((l) => l.includes('users-2.internal:8443'))!;
    const slow = lines.find((l) => l.includes('[::1]:9000'))!;
    // The refused target ran no tls check (nothing to hand it): that column is blank, not a skip.
    expect(refused).toMatch(/^ {2}10\.0\.0\.11:8080 +- +FAIL refused +-$/);
    expect(expired).toMatch(/ok +ok +FAIL expired +-$/);
    expect(slow).toMatch(/- +ok +warn slow$/);
    // Columns line up: the tcp layer starts at the same column on every target line.
    const tcpColumn = (l: string): number => l.search(/(FAIL|ok) /);
    expect(new Set([refused, slow].map(tcpColumn)).size).toBe(1);
    expect(lines.find((l) => l.startsWith('users '))).toBe('users  no healthy upstream');
  });

  it('a target that was not probed says so', () => {
    const unprobed: Diagnosis = {
      ...SAMPLE_DIAGNOSIS,
      groups: [...SAMPLE_DIAGNOSIS.groups, { name: 'mesh', verdict: 'unknown', targets: [{ address: 'eds:mesh', healthy: false, checks: [], results: [] }] }],
    };
    expect(plain(renderTable(unprobed))).toContain('  eds:mesh  not probed');
  });
});

describe('table report: nothing is wider than the terminal', () => {
  const long = 'x'.repeat(37);
  const wide: Diagnosis = {
    ...SAMPLE_DIAGNOSIS,
    groups: SAMPLE_DIAGNOSIS.groups.map((g) => ({
      ...g,
      name: `${g.name}-${long}`,
      targets: g.targets.map((t) => ({ ...t, address: `${long}.${t.address}` })),
    })),
    findings: SAMPLE_DIAGNOSIS.findings.map((f) => ({
      ...f,
      group: f.group && `${f.group}-${long}`,
      targets: f.targets.map((t) => `${long}.${t}`),
      evidence: [...f.evidence, `GET https://${long}.internal/${long}/${long}?token=${long}`],
      remediation: `${f.remediation} ${f.remediation}`,
    })),
  };

  it.each([40, 60, 80, 100])('at %i columns (stacked), with long names, URLs and remediation', (width) => {
    for (const color of [false, true]) {
      const out = tableReporter(wide, { color, version: '', width });
      expect(longest(out)).toBeLessThanOrEqual(width);
      // Nothing was cut: the URL is all there, if split across lines.
      expect(plain(out).replace(/\s+/g, '')).toContain(`GEThttps://${long}.internal/${long}/${long}?token=${long}`);
    }
  });

  it('at 160 columns (the table)', () => {
    expect(longest(tableReporter(wide, { color: true, version: '', width: 160 }))).toBeLessThanOrEqual(160);
  });

  it('uh lint with nothing to report says the config rules ran, never that probed targets passed', () => {
    const linted = {
      ...SAMPLE_DIAGNOSIS, offline: true, verdict: 'healthy' as const, findings: [],
      groups: SAMPLE_DIAGNOSIS.groups.map((g) => ({ ...g, verdict: 'unknown' as const, targets: g.targets.map((t) => ({ ...t, checks: [] })) })),
    };
    const text = renderTable(linted);
    expect(text).toContain('No findings from the config rules (offline: no target was probed');
    expect(text).not.toContain('every probed target passed');
  });
});
