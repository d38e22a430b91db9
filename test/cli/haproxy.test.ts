/**
 * The CLI on an haproxy.cfg, as a user runs it: detected by content (whatever the file is called),
 * diagnosed with the report contract (config.format "haproxy"), converted to uh YAML, exported back.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import { HAPROXY_DEFAULTS, hasHaproxy, haproxyCheck } from '../helpers/haproxy-check.js';
import { runUh } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function writeCfg(): Promise<{ dir: string; file: string; dead: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'uh-cli-haproxy-'));
  dirs.push(dir);
  const dead = `127.0.0.1:${await refusedPort()}`;
  const file = path.join(dir, 'gateway.conf');
  writeFileSync(file, `${HAPROXY_DEFAULTS}frontend web
    bind 127.0.0.1:8080
    default_backend app

backend app
    option httpchk GET /health
    server s1 ${dead} check
`);
  return { dir, file, dead };
}

describe('uh on an haproxy.cfg', () => {
  it('diagnose detects it by content and reports the refused server (JSON, exit 1)', async () => {
    const { file, dead } = await writeCfg();
    const result = await runUh(['diagnose', file, '--format', 'json', '--patience', '1']);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout) as { config: { format: string }; findings: { cause: string; targets: string[] }[] };
    expect(doc.config.format).toBe('haproxy');
    expect(doc.findings.find((f) => f.cause === 'tcp-refused')?.targets).toEqual([dead]);
  });

  it('convert writes uh YAML that reads back; export --to haproxy writes what haproxy -c accepts', async () => {
    const { dir, file } = await writeCfg();
    const yaml = path.join(dir, 'uh.yaml');
    expect((await runUh(['convert', file, '-o', yaml])).code).toBe(0);
    expect(readFileSync(yaml, 'utf8')).toMatch(/^# uh config converted from .*gateway\.conf \(haproxy\)/);
    const out = path.join(dir, 'haproxy.cfg');
    expect((await runUh(['export', '--to', 'haproxy', yaml, '-o', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^backend app$/m);
    if (hasHaproxy) {
      const verdict = haproxyCheck(out);
      expect(verdict.accepted, verdict.alerts).toBe(true);
    }
  });

  it('--config-format haproxy reads a file detection could not place', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'uh-cli-haproxy-'));
    dirs.push(dir);
    const file = path.join(dir, 'fragment');
    writeFileSync(file, 'backend app\n');
    const result = await runUh(['lint', file, '--config-format', 'haproxy', '--format', 'json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { config: { format: string } }).config.format).toBe('haproxy');
  });
});
