import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { CAUSE_IDS } from '../../src/causes/catalog.js';
import { UhError } from '../../src/errors.js';
import { explain, listCauses } from '../../src/runbooks/explain.js';
import { readRunbook } from '../../src/runbooks/read.js';
import { suggest } from '../../src/runbooks/suggest.js';

describe('uh explain: the runbook for a cause id', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the runbook of a known id', () => {
    expect(explain('tcp-refused')).toBe(readRunbook('tcp-refused'));
    expect(explain('  TLS-Cert-Expired ')).toContain('# tls-cert-expired');
  });

  it('suggests the closest ids for a near miss and fails as a usage error', () => {
    let caught: unknown;
    try {
      explain('tcp-refuse');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UhError);
    expect((caught as UhError).code).toBe('UH_USAGE');
    expect((caught as UhError).message).toContain('did you mean "tcp-refused"');
  });

  it('finds ids from a fragment and says nothing useless for garbage', () => {
    expect(suggest('refused', CAUSE_IDS)).toEqual(['tcp-refused']);
    expect(suggest('dns-nxdomian', CAUSE_IDS)[0]).toBe('dns-nxdomain');
    expect(suggest('zzzzzzzzzz', CAUSE_IDS)).toEqual([]);
    expect(() => explain('zzzzzzzzzz')).toThrow(/unknown cause id "zzzzzzzzzz" \(uh explain --list/);
  });

  it('--list names every id once, in catalog order, with its title', () => {
    const lines = listCauses().trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual([...CAUSE_IDS]);
    expect(lines.find((l) => l.startsWith('tcp-refused'))).toMatch(/tcp\s+critical\s+Connection refused$/);
  });

  it('runs through the CLI: the command prints the runbook; an unknown id exits with a usage error', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    await buildProgram().parseAsync(['node', 'uh', 'explain', 'dns-nxdomain']);
    expect(out.join('')).toBe(readRunbook('dns-nxdomain'));
    await expect(buildProgram().parseAsync(['node', 'uh', 'explain', 'dns-nxdomai'])).rejects.toMatchObject({
      code: 'UH_USAGE',
    });
  });
});
