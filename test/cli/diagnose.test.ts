import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthyServer } from '../../src/demo/faults/http-servers.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import { expectContractShape } from '../diagnosis/contract-shape.js';
import { runUh } from './helpers.js';

const uh = (...args: string[]) => runUh(args);

describe('uh diagnose: exit codes and the json document', () => {
  let dir: string;
  let hosts: string;
  const servers: RunningFault[] = [];
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const group = (name: string, addresses: readonly string[]): string =>
    `  ${name}:\n    targets:\n${addresses.map((a) => `      - address: ${a}\n`).join('')}    health:\n      active: {path: /health, timeout: 3s, interval: 10s}\n`;
  // Loopback targets only; an empty hosts file and no resolver, so the system resolver is never asked.
  const common = () => ['--no-color', '--hosts-file', hosts, '--samples', '1', '--timeout', '3s'];

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'uh-cli-'));
    hosts = write('hosts', '');
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('exits 0 when every target is healthy, and 1 with --fail-on warning when a warning remains', async () => {
    const a = await healthyServer();
    const b = await healthyServer();
    servers.push(a, b);
    const both = write('ok.yaml', `upstreams:\n${group('users', [a.address, b.address])}`);
    const ok = await uh('diagnose', both, ...common());
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('`users` is healthy: 2/2 target(s) pass');

    const single = write('single.yaml', `upstreams:\n${group('users', [a.address])}`);
    expect((await uh('diagnose', single, ...common())).code).toBe(0);
    const strict = await uh('diagnose', single, ...common(), '--fail-on', 'warning');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('config-single-member');
  });

  it('exits 1 on a critical finding; --format json prints only the contract document', async () => {
    const port = await refusedPort();
    const file = write('down.yaml', `upstreams:\n${group('users', [`127.0.0.1:${port}`])}`);
    const res = await uh('diagnose', file, ...common(), '--format', 'json');
    expect(res.code).toBe(1);
    const doc = JSON.parse(res.stdout) as Record<string, unknown>;
    expectContractShape(doc);
    expect(doc).toMatchObject({ verdict: 'no-healthy-upstream', config: { path: file, format: 'uh' } });
    expect((doc.findings as unknown[])[0]).toMatchObject({
      rank: 1, cause: 'tcp-refused', group: 'users', targets: [`127.0.0.1:${port}`], location: `${file}:4`,
    });
  });

  it('--output writes the report to a file and still shows the table', async () => {
    const port = await refusedPort();
    const file = write('down.yaml', `upstreams:\n${group('users', [`127.0.0.1:${port}`])}`);
    const out = path.join(dir, 'report.json');
    const res = await uh('diagnose', file, ...common(), '--format', 'json', '--output', out);
    expect(res.stdout).toContain('no healthy upstream for `users`');
    expect((JSON.parse(readFileSync(out, 'utf8')) as { findings: { cause: string }[] }).findings[0]!.cause).toBe('tcp-refused');
  });

  it('exits 2 with a located message for a broken config, never a stack trace', async () => {
    const file = write('bad.yaml', 'upstreams:\n  users:\n    targets:\n      - address: 127.0.0.1:1\n    helth: {}\n');
    const res = await uh('diagnose', file, ...common());
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(new RegExp(`^uh: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:5: `));
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for usage errors: unknown group, bad duration, bad resolver, unknown format, missing file', async () => {
    const file = write('one.yaml', `upstreams:\n${group('users', ['127.0.0.1:1'])}`);
    const cases: [string[], RegExp][] = [
      [['--group', 'nope'], /--group nope: no such group .*\(groups: users\)/],
      [['--timeout', 'soon'], /--timeout takes a duration/],
      [['--resolver', 'not a resolver'], /--resolver takes an IP address/],
      [['--resolver', '999.1.1.1'], /--resolver takes an IP address .* got "999\.1\.1\.1"/],
      [['--resolver', '127.0.0.1:70000'], /--resolver takes an IP address/],
      [['--samples', '1e9'], /--samples takes a whole number from 1 to 100, got "1e9"/],
      [['--samples', '0'], /--samples takes a whole number from 1 to 100/],
      [['--hosts-file', path.join(dir, 'no-such-hosts')], /--hosts-file \S*no-such-hosts: no such file/],
      [['--resolv-conf', path.join(dir, 'no-such-resolv.conf')], /--resolv-conf \S*no-such-resolv\.conf: no such file/],
      [['--format', 'yaml'], /--format yaml: choose one of .*table.*json/],
    ];
    for (const [extra, message] of cases) {
      const res = await uh('diagnose', file, '--offline', ...extra);
      expect(res.code, extra.join(' ')).toBe(2);
      expect(res.stderr).toMatch(message);
    }
    const missing = await uh('diagnose', path.join(dir, 'missing.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
  });

  it('uh lint on a config with no risk says the config rules ran, not that probed targets passed', async () => {
    const file = write('clean.yaml', `upstreams:\n${group('users', ['127.0.0.1:1', '127.0.0.1:2'])}`);
    const res = await uh('lint', file, '--no-color');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('No findings from the config rules (offline: no target was probed');
    expect(res.stdout).not.toContain('every probed target passed');
  });

  it('uh lint runs the static checks only: no connection is attempted', async () => {
    const port = await refusedPort();
    const file = write('lint.yaml', `upstreams:\n${group('users', [`127.0.0.1:${port}`])}`);
    const res = await uh('lint', file, '--no-color', '--format', 'json');
    const doc = JSON.parse(res.stdout) as { offline: boolean; findings: { cause: string }[]; groups: { verdict: string; targets: { checks: unknown[] }[] }[] };
    expect(doc.offline).toBe(true);
    expect(doc.groups[0]).toMatchObject({ verdict: 'unknown', targets: [{ checks: [] }] });
    expect(doc.findings.map((f) => f.cause)).toEqual(['config-single-member']);
    expect(res.code).toBe(0);
  });
});
