import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewayMessages, locationOf, withFirstFinding } from '../../src/diagnosis/gateway-validate.js';
import type { Finding } from '../../src/diagnosis/types.js';
import { runUh } from './helpers.js';

const hasNginx = spawnSync('nginx', ['-v']).error === undefined;
/** The skip reason, in the name only when the test is skipped. */
const unlessNginx = hasNginx ? '' : ' (skipped: nginx not on PATH)';

/** A complete config nginx -t can check as non-root: pid and error_log in a temp dir. */
function nginxConfig(extra: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'uh-validate-'));
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, [
    `error_log ${dir}/error.log;`,
    `pid ${dir}/nginx.pid;`,
    'events {}',
    'http {',
    '  access_log off;',
    `  ${extra}`,
    '  upstream users {',
    '    server 127.0.0.1:8081;',
    '  }',
    '  server {',
    '    listen 127.0.0.1:18080;',
    '    location / { proxy_pass http://users; }',
    '  }',
    '}',
    '',
  ].join('\n'));
  return file;
}

interface JsonFinding { rank: number; cause: string; severity: string; evidence: string[]; location?: string }
const report = (stdout: string): { verdict: string; findings: JsonFinding[] } => JSON.parse(stdout) as { verdict: string; findings: JsonFinding[] };

describe('uh lint --validate (runs the real nginx -t)', () => {
  it.skipIf(!hasNginx)(`a config uh reads but nginx rejects: exit 1, config-parse-error first with nginx's own message${unlessNginx}`, async () => {
    const file = nginxConfig('frobnicate on;');
    const plain = await runUh(['lint', file, '--format', 'json']);
    expect(plain.code).toBe(0);
    expect(report(plain.stdout).findings.some((f) => f.cause === 'config-parse-error')).toBe(false);

    const result = await runUh(['lint', file, '--validate', '--format', 'json']);
    expect(result.code).toBe(1);
    const doc = report(result.stdout);
    expect(doc.verdict).toBe('no-healthy-upstream');
    expect(doc.findings[0]).toMatchObject({ rank: 1, cause: 'config-parse-error', severity: 'critical', location: `${file}:6` });
    expect(doc.findings[0]!.evidence).toEqual([`nginx: [emerg] unknown directive "frobnicate" in ${file}:6`]);
    expect(doc.findings.map((f) => f.rank)).toEqual(doc.findings.map((_, i) => i + 1));
    expect(doc.findings.length).toBe(report(plain.stdout).findings.length + 1);
  });

  it.skipIf(!hasNginx)(`a missing include: lint reads on (config-include-missing), --validate gives nginx's strict verdict${unlessNginx}`, async () => {
    const file = nginxConfig('include upstreams/generated.conf;');
    const plain = await runUh(['lint', file, '--format', 'json']);
    expect(plain.code).toBe(0);
    expect(report(plain.stdout).findings.find((f) => f.cause === 'config-include-missing')).toMatchObject({ severity: 'warning', location: `${file}:6` });

    const result = await runUh(['lint', file, '--validate', '--format', 'json']);
    expect(result.code).toBe(1);
    const doc = report(result.stdout);
    expect(doc.findings[0]).toMatchObject({ rank: 1, cause: 'config-parse-error', location: `${file}:6` });
    expect(doc.findings[0]!.evidence[0]).toMatch(/^nginx: \[emerg\] open\(\) ".*upstreams\/generated\.conf" failed \(2: No such file or directory\)/);
  });

  it.skipIf(!hasNginx)(`a config nginx accepts adds no finding${unlessNginx}`, async () => {
    const file = nginxConfig('');
    const plain = await runUh(['lint', file, '--format', 'json']);
    const result = await runUh(['lint', file, '--validate', '--format', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(report(result.stdout)).toEqual(report(plain.stdout));
  });

  it('a missing gateway binary is a note and a skip, not a finding', async () => {
    const file = nginxConfig('');
    const saved = process.env.PATH;
    process.env.PATH = mkdtempSync(path.join(tmpdir(), 'uh-empty-path-'));
    try {
      const result = await runUh(['lint', file, '--validate', '--format', 'json']);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('uh: --validate: nginx is not installed; skipped\n');
      expect(report(result.stdout).findings.some((f) => f.cause === 'config-parse-error')).toBe(false);
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('gateway output', () => {
  it('nginx lines lose the error_log timestamp prefix and the summary line; the location is parsed', () => {
    const lines = gatewayMessages('nginx', [
      '2026/11/21 10:40:06 [emerg] 17237#17237: unknown directive "foo" in /etc/nginx/nginx.conf:3',
      'nginx: configuration file /etc/nginx/nginx.conf test failed',
      '',
    ].join('\n'));
    expect(lines).toEqual(['nginx: [emerg] unknown directive "foo" in /etc/nginx/nginx.conf:3']);
    expect(locationOf(lines)).toEqual({ file: '/etc/nginx/nginx.conf', line: 3, column: 0 });
    expect(locationOf(['nginx: [emerg] open() "/x" failed (2: No such file or directory)'])).toBeUndefined();
  });

  it('withFirstFinding puts the finding first and renumbers the rest, leaving the input alone', () => {
    const f = (rank: number, cause: Finding['cause']): Finding => ({
      rank, cause, layer: 'config', severity: 'warning', confidence: 1, group: 'g', targets: [], evidence: [], remediation: '', runbook: '',
    });
    const before = [f(1, 'config-single-member'), f(2, 'config-no-health-check')];
    const after = withFirstFinding(before, f(1, 'config-parse-error'));
    expect(after.map((x) => [x.rank, x.cause])).toEqual([[1, 'config-parse-error'], [2, 'config-single-member'], [3, 'config-no-health-check']]);
    expect(before.map((x) => x.rank)).toEqual([1, 2]);
  });
});
