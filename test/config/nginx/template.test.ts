/**
 * An unrendered template (Helm, Jinja, consul-template, envsubst) is read, not refused: the
 * placeholder stays an opaque value, the targets it touches are skipped as "templated", everything
 * else is read and probed, and one note says to render the template for a full check.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { refusedPort } from '../../../src/demo/faults/tcp.js';
import { runDiagnosis } from '../../../src/diagnosis/run-diagnosis.js';
import { hostsFile } from '../../helpers/probe-context.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/config/nginx/template-placeholder.conf', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'uh-nginx-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nginx: template placeholders in values are kept, not fatal', () => {
  it('a Helm {{ }} host is kept verbatim, with one note at its line that says to render first', () => {
    const config = loadConfig(FIXTURE);
    expect(config.groups.map((g) => [g.name, g.targets.map((t) => [t.host, t.port])])).toEqual([['app', [['{{ .Values.host }}', 8080]]]]);
    expect(config.notes).toContainEqual({
      severity: 'warning',
      message: 'server {{ .Values.host }}: a template placeholder, kept as written; the targets it touches are not probed ("templated"); '
        + 'render the template first (e.g. `helm template`, `consul-template -once`, `envsubst`) and run uh on the result for a full check',
      loc: { file: FIXTURE, line: 3, column: 9 },
    });
  });

  it('the templated targets are skipped with reason "templated"; the rest of the file is probed (a refused port)', async () => {
    const refused = await refusedPort();
    const path = join(dir, 'site.conf.tmpl');
    writeFileSync(path, [
      'upstream app {',
      '    server {{ .Values.appHost }}:{{ .Values.appPort }};',
      '}',
      'upstream s3 {',
      '    server ${S3_UPSTREAM} resolve;',
      '}',
      'upstream api {',
      `    server 127.0.0.1:${refused};`,
      '}',
      'server {',
      '    listen {{ .Values.port }};',
      '    location / { proxy_pass http://app; }',
      '    location /s3/ { proxy_pass http://s3; }',
      '    location /api/ { proxy_pass http://api; }',
      '}',
      '',
    ].join('\n'));
    const config = loadConfig(path);
    expect(config.notes.filter((n) => /template placeholder/.test(n.message)).map((n) => n.loc?.line)).toEqual([2]);
    // A dead loopback resolver: were a placeholder ever looked up, it would time out here, never reach the system's.
    const diagnosis = await runDiagnosis(config, { hostsFile: hostsFile(), resolvers: [{ host: '127.0.0.1', port: 9 }], samples: 1, timeoutMs: 5000 });
    const skipReason = (group: string): string | undefined =>
      diagnosis.groups.find((g) => g.name === group)?.targets[0]?.results[0]?.message;
    expect(skipReason('app')).toMatch(/^skip: templated: \{\{ \.Values\.appHost \}\} is a template placeholder, not a value; render the template first/);
    expect(skipReason('s3')).toMatch(/^skip: templated: \$\{S3_UPSTREAM\} is a template placeholder/);
    expect(diagnosis.findings.find((f) => f.cause === 'tcp-refused')).toMatchObject({ group: 'api', targets: [`127.0.0.1:${refused}`] });
    expect(diagnosis.findings.map((f) => f.cause)).not.toContain('dns-nxdomain');
  });
});
