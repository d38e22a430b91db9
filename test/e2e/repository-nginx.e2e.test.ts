/**
 * The config CI preflight sees: a repository checkout's nginx.conf, written for the gateway host
 * (stock includes next to it there, `include /etc/nginx/conf.d/*.conf;`), none of the stock files
 * in the repository. `uh diagnose` reads it, reports the missing stock files as info, reads the
 * upstreams from the checkout's own conf.d/, and probes them: a real failing service and a refused
 * port on loopback.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingDependencyServer } from '../../src/demo/faults/http-servers.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import { runUh } from '../cli/helpers.js';

interface JsonFinding {
  readonly cause: string;
  readonly severity: string;
  readonly group: string;
  readonly targets: readonly string[];
  readonly loc?: { file: string; line: number };
}

describe('uh diagnose on a repository-style nginx.conf whose stock includes are absent', () => {
  const repo = mkdtempSync(join(tmpdir(), 'uh-repo-nginx-'));
  const etc = join(repo, 'deploy', 'etc', 'nginx');
  let failing: RunningFault;
  let refused: number;

  beforeAll(async () => {
    failing = await failingDependencyServer(500);
    refused = await refusedPort();
    mkdirSync(join(etc, 'conf.d'), { recursive: true });
    writeFileSync(join(etc, 'nginx.conf'), [
      'user nginx;',
      'worker_processes auto;',
      'error_log /var/log/nginx/error.log notice;',
      'pid /var/run/nginx.pid;',
      '',
      'events {',
      '    worker_connections 1024;',
      '}',
      '',
      'http {',
      '    include mime.types;',
      '    default_type application/octet-stream;',
      '    sendfile on;',
      '    keepalive_timeout 65;',
      '    include /etc/nginx/conf.d/*.conf;',
      '}',
      '',
    ].join('\n'));
    writeFileSync(join(etc, 'conf.d', 'app.conf'), [
      'upstream app {',
      `    server ${failing.address};`,
      `    server 127.0.0.1:${refused};`,
      '}',
      '',
      'server {',
      '    listen 80;',
      '    server_name app.example.com;',
      '    include snippets/ssl-params.conf;',
      '    location / {',
      '        include proxy_params;',
      '        proxy_pass http://app;',
      '    }',
      '}',
      '',
    ].join('\n'));
    writeFileSync(join(repo, 'hosts'), '127.0.0.1 localhost\n');
  });
  afterAll(async () => {
    await failing.close();
    rmSync(repo, { recursive: true, force: true });
  });

  it('probes both upstreams, ranks the outage first and lists the stock includes as located info', async () => {
    const main = join(etc, 'nginx.conf');
    const result = await runUh(['diagnose', main, '--format', 'json', '--hosts-file', join(repo, 'hosts'), '--samples', '1', '--timeout', '5s']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { verdict: string; findings: JsonFinding[] };
    const byCause = new Map(report.findings.map((f) => [f.cause, f]));
    expect(byCause.get('tcp-refused')).toMatchObject({ group: 'app', targets: [`127.0.0.1:${refused}`] });
    expect(byCause.get('health-status-mismatch')).toMatchObject({ group: 'app', targets: [failing.address] });
    expect(report.verdict).toBe('no-healthy-upstream');
    const missing = byCause.get('config-include-missing');
    expect(missing).toMatchObject({ severity: 'info', group: '' });
    expect(report.findings.indexOf(missing!)).toBeGreaterThan(report.findings.indexOf(byCause.get('tcp-refused')!));
    expect(report.findings.map((f) => f.cause)).not.toContain('config-parse-error');
  });

  it('uh inspect shows what was read: the group from the checkout\'s conf.d/ and the prefix mapping', async () => {
    const result = await runUh(['inspect', join(etc, 'nginx.conf')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(failing.address);
    expect(result.stdout).toContain(`127.0.0.1:${refused}`);
    expect(result.stdout).toContain(`info include /etc/nginx/… is read from ${etc}/ (the folder of ${join(etc, 'nginx.conf')}, taken as the nginx prefix; --nginx-prefix overrides)`);
    expect(result.stdout).toContain(`stock include mime.types (tried ${join(etc, 'mime.types')}) ${join(etc, 'nginx.conf')}:11`);
    expect(result.stdout).toContain(`stock include proxy_params (tried ${join(etc, 'conf.d', 'proxy_params')}, ${join(etc, 'proxy_params')}) ${join(etc, 'conf.d', 'app.conf')}:11`);
  });
});
