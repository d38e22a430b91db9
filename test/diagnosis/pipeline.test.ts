/**
 * The diagnose run as a library call: what `uh diagnose` does (config load, `.uhrc`, stages,
 * probing, diagnosis) without the CLI, its stderr lines returned as notes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DiagnosisStage, StageContext } from '../../src/diagnosis/pipeline.js';
import { prepareDiagnosis, runDiagnosePipeline } from '../../src/diagnosis/pipeline.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const single = path.join(ROOT, 'test/fixtures/rc/single');

describe('runDiagnosePipeline', () => {
  it('merges the .uhrc beside the config and returns the note the CLI prints', async () => {
    const { diagnosis, notes } = await runDiagnosePipeline(path.join(single, 'nginx.conf'), { offline: true });
    expect(diagnosis.findings.find((f) => f.cause === 'config-single-member')).toMatchObject({ ignored: true });
    expect(notes).toEqual([{ source: 'rc', text: `${path.join(single, '.uhrc')}: ignoring config-single-member` }]);
  });

  it('rc: false reads no .uhrc', async () => {
    const { diagnosis, notes } = await runDiagnosePipeline(path.join(single, 'nginx.conf'), { offline: true, rc: false });
    expect(diagnosis.findings.find((f) => f.cause === 'config-single-member')?.ignored).toBeUndefined();
    expect(notes).toEqual([]);
  });

  it('a stage begins with the loaded config, runs alongside, and its fold and notes land in the result', async () => {
    const seen: StageContext[] = [];
    const stage: DiagnosisStage = {
      name: 'gateway-view',
      async begin(context) {
        seen.push(context);
        return (diagnosis) => ({ diagnosis: { ...diagnosis, verdict: 'degraded' }, notes: [{ source: 'gateway-view', text: 'admin API: 1 of 1 hosts unhealthy' }] });
      },
    };
    const prepared = prepareDiagnosis(path.join(single, 'nginx.conf'), { offline: true, rc: false, stages: [stage] });
    expect(seen.map((c) => c.config.source.format)).toEqual(['nginx']);
    const { diagnosis, notes } = await prepared.run();
    expect(diagnosis.verdict).toBe('degraded');
    expect(notes).toEqual([{ source: 'gateway-view', text: 'admin API: 1 of 1 hosts unhealthy' }]);
  });

  it('an unreadable config throws the located ConfigError, as the CLI reports it', () => {
    expect(() => prepareDiagnosis(path.join(ROOT, 'test/fixtures/rc/bad-key/nginx.conf'))).toThrow(/\.uhrc:3:1: unknown key `ignores`/);
  });
});
