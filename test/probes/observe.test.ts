/**
 * Probes write observations through one helper, so an observation's default severity is the
 * catalog's and not a literal a probe repeats (and can get wrong).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS, cause } from '../../src/causes/catalog.js';
import { observe } from '../../src/probes/observe.js';

const PROBES_DIR = join(import.meta.dirname, '../../src/probes');

describe('observations', () => {
  it('take the catalog\'s default severity unless a probe says why not', () => {
    for (const id of CAUSE_IDS) expect(observe(id, ['seen']).severity).toBe(cause(id).severity);
    expect(observe('tls-cert-expired', ['seen'], 0.95, 'warning').severity).toBe('warning');
  });

  it('are built by observe() only: no probe writes an observation literal with its own severity', () => {
    const literal = /\{\s*cause\b[^}\n]*\bseverity\s*:/;
    const offenders = readdirSync(PROBES_DIR)
      .filter((f) => f.endsWith('.ts') && f !== 'observe.ts')
      .flatMap((f) => readFileSync(join(PROBES_DIR, f), 'utf8').split('\n').map((line, i) => ({ where: `${f}:${i + 1}`, line })))
      .filter(({ line }) => literal.test(line))
      .map(({ where }) => where);
    expect(offenders).toEqual([]);
  });
});
