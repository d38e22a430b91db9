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

describe('uh serve when its address is taken', () => {
  it('fails with a usage error naming the address (exit 2), not a stack trace', async () => {
    const { Proxy } = await import('../../src/proxy/server.js');
    const { memoryLog } = await import('../../src/proxy/log.js');
    const { gateway, group } = await import('./model.js');
    const config = gateway([group('web', ['127.0.0.1:9'])]);
    const first = await Proxy.start(config, { listen: '127.0.0.1:0', admin: false, log: memoryLog() });
    try {
      const taken = `127.0.0.1:${first.address.port}`;
      await expect(Proxy.start(config, { listen: taken, admin: false, log: memoryLog() })).rejects.toMatchObject({
        code: 'UH_USAGE',
        message: `cannot listen on ${taken}: EADDRINUSE`,
      });
    } finally {
      await first.close(100);
    }
  });
});
