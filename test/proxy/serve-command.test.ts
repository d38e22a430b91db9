import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

describe('uh serve on the command line', () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  it('rejects a bad --grace with a usage error (exit 2), before starting anything', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => (written.push(String(text)), true));
    await main(['node', 'uh', 'serve', '--grace', 'soon', 'uh.yaml']);
    expect(process.exitCode).toBe(2);
    expect(written.join('')).toContain('--grace takes a duration such as 10s or 500ms, got "soon"');
  });

  it('a config that cannot be read exits 2 with the path', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => (written.push(String(text)), true));
    await main(['node', 'uh', 'serve', '/nonexistent/uh-serve-test.yaml']);
    expect(process.exitCode).toBe(2);
    expect(written.join('')).toContain('/nonexistent/uh-serve-test.yaml');
  });
});
