/**
 * An unrendered Envoy template (as Envoy's own integration tests and Helm charts hold them) is read:
 * an unquoted `{{ x }}` value stays an opaque string, the target it touches is skipped as
 * "templated", and one note says to render the template for a full check.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { runDiagnosis } from '../../../src/diagnosis/run-diagnosis.js';
import { hostsFile } from '../../helpers/probe-context.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/config/envoy/template-placeholder.yaml', import.meta.url));

describe('Envoy: unquoted template placeholders in values are kept, not fatal', () => {
  it('the endpoint address {{ users_host }} is kept verbatim, with a note at its line', () => {
    const config = loadConfig(FIXTURE);
    expect(config.groups.map((g) => [g.name, g.targets.map((t) => [t.host, t.port])])).toEqual([['users', [['{{ users_host }}', 9001]]]]);
    expect(config.notes[0]).toEqual({
      severity: 'warning',
      message: '{{ users_host }}: an unquoted template placeholder, kept as written; the targets it touches are not probed ("templated"); '
        + 'render the template first (e.g. `helm template`, `consul-template -once`, `envsubst`) and run uh on the result for a full check',
      loc: { file: FIXTURE, line: 12, column: 26 },
    });
  });

  it('the templated target is skipped as "templated", never looked up', async () => {
    const diagnosis = await runDiagnosis(loadConfig(FIXTURE), { hostsFile: hostsFile(), resolvers: [{ host: '127.0.0.1', port: 9 }], samples: 1 });
    expect(diagnosis.groups[0]!.targets[0]!.results[0]!.message).toMatch(/^skip: templated: \{\{ users_host \}\} is a template placeholder/);
    expect(diagnosis.findings.map((f) => f.layer)).not.toContain('dns');
  });
});
