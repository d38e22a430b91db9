import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import { memoryLog } from '../../src/proxy/log.js';
import { Proxy } from '../../src/proxy/server.js';
import { client, closedAfterEach, loadWhile, startUpstream, targetOf } from './helpers.js';

/** An nginx.conf as people write it: an upstream of two servers and a server that proxies to it, nginx's defaults for the rest. */
function nginxConf(listenPort: number, a: string, b: string): string {
  return `events {}
http {
    upstream backend {
        server ${a};
        server ${b};
    }
    server {
        listen 127.0.0.1:${listenPort};
        location / {
            proxy_pass http://backend;
        }
    }
}
`;
}

describe('uh serve of an nginx.conf behaves like nginx with its defaults', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const run = closedAfterEach(500);

  it('listens on the conf\'s own listen, and one of two servers killed under load costs zero client errors (max_fails=1, proxy_next_upstream error timeout)', async () => {
    const a = await startUpstream('a');
    const b = await startUpstream('b');
    run.ups.push(a, b);
    const port = await refusedPort(); // free: nothing listens there
    dir = mkdtempSync(join(tmpdir(), 'uh-nginx-failover-'));
    const path = join(dir, 'nginx.conf');
    writeFileSync(path, nginxConf(port, a.address, b.address));
    const log = memoryLog();
    run.proxy = await Proxy.start(loadConfig(path), { admin: '127.0.0.1:0', log });
    expect(run.proxy.addresses.map((x) => x.url)).toEqual([`http://127.0.0.1:${port}`]);

    run.agent = client();
    const total = 600;
    let killed: Promise<void> | undefined;
    const statuses = await loadWhile(run.agent, `http://127.0.0.1:${port}/item`, total, (n) => {
      if (n === 150) killed = b.kill();
    });
    await killed;
    expect(statuses).toEqual(new Map([[200, total]]));
    expect(b.hits).toBeGreaterThan(0);
    // nginx marks the server unavailable for fail_timeout (10 s) after max_fails (1) failure.
    const dead = targetOf(run.proxy, b.address);
    expect(dead.state()).toBe('ejected');
    expect(dead.flag('ejected')!.reason).toMatch(/ejected for 10000ms: 1 local-origin failures within 10000ms .*nginx max_fails/);
  });
});
