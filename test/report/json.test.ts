import { describe, expect, it } from 'vitest';
import { jsonReporter } from '../../src/report/json.js';
import { expectContractShape } from '../diagnosis/contract-shape.js';
import { SAMPLE_DIAGNOSIS } from '../fixtures/diagnosis/sample.js';

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
