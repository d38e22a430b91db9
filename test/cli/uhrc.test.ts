import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runUh } from './helpers.js';

const fixture = (...parts: string[]): string => path.join(ROOT, 'test/fixtures/rc', ...parts);

interface JsonFinding { cause: string; ignored?: boolean }
const findings = (stdout: string): JsonFinding[] => (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;

describe('uh lint with a .uhrc beside an nginx config', () => {
  it('ignores config-single-member: reported as ignored, and --fail-on warning exits 0 instead of 1', async () => {
    const config = fixture('single', 'nginx.conf');
    const without = await runUh(['lint', config, '--format', 'json', '--fail-on', 'warning', '--no-rc']);
    expect(without.code).toBe(1);
    expect(findings(without.stdout).find((f) => f.cause === 'config-single-member')?.ignored).toBeUndefined();

    const withRc = await runUh(['lint', config, '--format', 'json', '--fail-on', 'warning']);
    expect(withRc.code).toBe(0);
    expect(findings(withRc.stdout).find((f) => f.cause === 'config-single-member')).toMatchObject({ ignored: true });
    expect(withRc.stderr).toBe(`uh: ${fixture('single', '.uhrc')}: ignoring config-single-member\n`);
  });

  it('--rc FILE reads that file instead', async () => {
    const result = await runUh(['lint', fixture('bad-key', 'nginx.conf'), '--rc', fixture('single', '.uhrc'), '--format', 'json', '--fail-on', 'warning']);
    expect(result.code).toBe(0);
  });

  it('an unknown key exits 2 naming it at file:line:column with a did-you-mean', async () => {
    const result = await runUh(['lint', fixture('bad-key', 'nginx.conf')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${fixture('bad-key', '.uhrc')}:3:1: unknown key \`ignores\` at the top level; did you mean \`ignore\`?`);
  });

  it('an unknown cause id exits 2 at file:line:column with a did-you-mean from the catalog', async () => {
    const result = await runUh(['lint', fixture('bad-id', 'nginx.conf')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${fixture('bad-id', '.uhrc')}:3:5: ignore[1]:`);
    expect(result.stderr).toContain('"config-singel-member"');
    expect(result.stderr).toContain('did you mean `config-single-member`?');
  });
});
