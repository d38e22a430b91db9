/**
 * `config-include-missing` as `uh lint` reports it on a repository checkout: the nginx.conf a user
 * keeps in git, whose stock includes live only on the gateway host.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { runDiagnosis } from '../../../src/diagnosis/run-diagnosis.js';

const repo = mkdtempSync(join(tmpdir(), 'uh-include-missing-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const path = join(repo, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe('config-include-missing: a missing include is a located finding, not a stop', () => {
  it('a stock file (mime.types) is info, and the upstream after it is still read', async () => {
    const path = write('stock/nginx.conf', [
      'events {}',
      'http {',
      '    include mime.types;',
      '    upstream app { server 127.0.0.1:8080; }',
      '    server { listen 80; location / { proxy_pass http://app; } }',
      '}',
      '',
    ].join('\n'));
    const config = loadConfig(path);
    expect(config.groups.map((g) => g.name)).toEqual(['app']);
    const diagnosis = await runDiagnosis(config, { offline: true });
    const finding = diagnosis.findings.find((f) => f.cause === 'config-include-missing');
    expect(finding).toMatchObject({ severity: 'info', loc: { file: path, line: 3, column: 5 } });
    expect(finding!.evidence[0]).toContain(`include mime.types at ${path}:3: no such file here`);
  });

  it('any other file is a warning that says its content was not read', async () => {
    const path = write('site/nginx.conf', 'http {\n    include upstreams/*.conf;\n    include generated/backends.conf;\n}\n');
    const diagnosis = await runDiagnosis(loadConfig(path), { offline: true });
    const finding = diagnosis.findings.find((f) => f.cause === 'config-include-missing');
    expect(finding).toMatchObject({ severity: 'warning', loc: { line: 3 } });
    expect(finding!.evidence).toEqual([
      `include generated/backends.conf at ${path}:3: no such file here (tried ${join(repo, 'site/generated/backends.conf')}, ${join(repo, 'site/backends.conf')}); whatever it declares was not read`,
    ]);
  });
});
