import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runUh } from './helpers.js';

const uh = (...args: string[]) => runUh(args);

describe('uh diagnose on a config that cannot be read', () => {
  // A missing ';' after the server line: nginx itself reports `unexpected "}"` at 4:3.
  const broken = (): string => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'uh-broken-')), 'nginx.conf');
    writeFileSync(file, 'http {\n  upstream users {\n    server 127.0.0.1:1\n  }\n}\n');
    return file;
  };

  it('CI formats still get a report: one config-parse-error finding at the broken line, and exit 2', async () => {
    const file = broken();
    const json = await uh('diagnose', file, '--format', 'json');
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout) as { config: { format: string }; findings: { cause: string; location: string; evidence: string[] }[] };
    expect(doc.config.format).toBe('nginx');
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0]).toMatchObject({ cause: 'config-parse-error', location: `${file}:4` });
    expect(doc.findings[0]!.evidence[0]).toContain('4:3: unexpected "}"');
    expect(json.stderr).toContain(`${file}:4:3: unexpected "}"`);

    const github = await uh('diagnose', file, '--format', 'github');
    expect(github.code).toBe(2);
    expect(github.stdout).toMatch(new RegExp(`^::error file=${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},line=4,col=3,`, 'm'));
  });

  it('the table format prints only the located error on stderr, no stack trace', async () => {
    const result = await uh('diagnose', broken());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/nginx\.conf:4:3: unexpected "}"\n$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
