/**
 * `proxy_ssl_verify on` without `proxy_ssl_trusted_certificate`: nginx has no default trust store
 * and refuses the config at start. uh reports that first, at the verify line, and `uh inspect`
 * never claims the system's CAs are trusted. Cross-checked with the real `nginx -t` when installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { startTlsServer } from '../../src/demo/faults/tls-servers.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import { inspectText } from '../../src/report/inspect-text.js';
import { diagnoseText, first, summary } from './harness.js';

const servers: RunningFault[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find((p) => existsSync(p));

const conf = (address: string) => `events {}
http {
  upstream app {
    server ${address};
  }
  server {
    listen 8080;
    location / {
      proxy_pass https://app;
      proxy_ssl_verify on;
    }
  }
}
`;

describe('nginx proxy_ssl_verify on without proxy_ssl_trusted_certificate', () => {
  it('ranks first as the config error nginx refuses at start, located at the verify line', async () => {
    const tls = await startTlsServer();
    servers.push(tls);
    const d = await diagnoseText('nginx', conf(tls.address));
    const top = first(d);
    expect(top.cause, summary(d)).toBe('config-parse-error');
    expect(top.layer).toBe('config');
    expect(top.loc?.line).toBe(10);
    expect(top.evidence.join('\n')).toMatch(/no proxy_ssl_trusted_certificate for proxy_ssl_verify \(proxy_ssl_verify on at \S*nginx\.conf:10\)/);
  });

  it('uh inspect says there is no trust store, never "trust the system\'s CAs"', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'uh-verify-'));
    try {
      const file = path.join(dir, 'nginx.conf');
      writeFileSync(file, conf('127.0.0.1:9443'));
      const text = inspectText(loadConfig(file), { color: false });
      expect(text).not.toContain("trust the system's CAs");
      expect(text).toContain('no trust store: proxy_ssl_verify on without a trusted certificate');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(NGINX === undefined)(`the real nginx -t refuses the same file${NGINX ? '' : ' — skipped: no nginx binary installed'}`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'uh-verify-nginx-'));
    try {
      const file = path.join(dir, 'nginx.conf');
      writeFileSync(file, conf('127.0.0.1:9443'));
      const res = spawnSync(NGINX!, ['-t', '-q', '-p', dir, '-c', file, '-e', '/dev/stderr', '-g', `pid ${dir}/nginx.pid;`], { encoding: 'utf8', timeout: 10_000 });
      expect(res.status).not.toBe(0);
      expect(res.stderr).toContain('no proxy_ssl_trusted_certificate for proxy_ssl_verify');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
