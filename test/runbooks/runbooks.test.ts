import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG, CAUSE_IDS } from '../../src/causes/catalog.js';
import { RUNBOOK_SECTIONS, readRunbook, runbookDir, runbookSections } from '../../src/runbooks/read.js';

describe('runbooks: one per catalog cause, each with the four sections', () => {
  it('the set of runbooks equals the set of catalog ids (no missing, no stray file)', () => {
    const files = readdirSync(runbookDir()).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();
    expect(files).toEqual([...CAUSE_IDS].sort());
  });

  it.each(CAUSE_IDS.map((id) => [id]))('%s has a title naming the id and the four sections in order', (id) => {
    const text = readRunbook(id);
    expect(text, `runbooks/${id}.md`).toBeDefined();
    expect(text!.split('\n')[0]).toBe(`# ${id}: ${CATALOG.get(id)!.title}`);
    const sections = runbookSections(text!);
    expect([...sections.keys()]).toEqual([...RUNBOOK_SECTIONS]);
    for (const name of RUNBOOK_SECTIONS) expect(sections.get(name)!.length, `${id} / ${name}`).toBeGreaterThan(80);
  });

  it.each(CAUSE_IDS.map((id) => [id]))('%s gives commands to type and a fix for nginx, Envoy and uh', (id) => {
    const sections = runbookSections(readRunbook(id)!);
    expect(sections.get('How to confirm')).toMatch(/```sh\n[\s\S]+```/);
    expect(sections.get('How to fix')).toMatch(/nginx/);
    expect(sections.get('How to fix')).toMatch(/Envoy|envoy/);
    expect(sections.get('How to fix')).toMatch(/uh|gateway/);
  });

  it.each(CAUSE_IDS.map((id) => [id]))('%s says how the cause shows at a gateway (nginx, Envoy, HAProxy)', (id) => {
    const meaning = runbookSections(readRunbook(id)!).get('What it means')!;
    expect(meaning).toMatch(/HAProxy/);
    expect(meaning).toMatch(/nginx|Envoy|gateway/);
  });

  it('states the layer and default severity the catalog gives', () => {
    for (const c of CATALOG.values()) {
      expect(readRunbook(c.id)).toContain(`Layer: ${c.layer} · default severity: ${c.severity}`);
    }
  });
});
