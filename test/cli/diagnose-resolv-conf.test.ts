import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDnsServer } from '../../src/demo/faults/dns-server.js';
import { healthyServer } from '../../src/demo/faults/http-servers.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import { runUh } from './helpers.js';

describe('uh diagnose --resolv-conf: an nginx.conf from a Kubernetes pod names its services short', () => {
  const running: RunningFault[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
  });

  it('resolves `users` through the pod\'s search list as nginx\'s getaddrinfo would: healthy, exit 0', async () => {
    const service = await healthyServer();
    const port = Number(service.address.split(':').pop());
    const dns = await startDnsServer({ 'users.default.svc.cluster.local': { A: ['127.0.0.1'], AAAA: [] } });
    running.push(service, dns);
    const dir = mkdtempSync(path.join(tmpdir(), 'uh-resolv-'));
    const conf = path.join(dir, 'nginx.conf');
    writeFileSync(conf, `events {}\nhttp {\n  upstream users {\n    server users:${port};\n  }\n  server {\n    listen 8080;\n    location / { proxy_pass http://users; }\n  }\n}\n`);
    // The pod's resolv.conf, its nameserver on the loopback test server (uh reads IP:port; glibc would not).
    const resolvConf = path.join(dir, 'resolv.conf');
    writeFileSync(resolvConf, `search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${dns.address}\noptions ndots:5\n`);
    const hosts = path.join(dir, 'hosts');
    writeFileSync(hosts, '');
    const run = await runUh(['diagnose', conf, '--format', 'json', '--samples', '1', '--hosts-file', hosts, '--resolv-conf', resolvConf]);
    expect(run.stderr).toBe('');
    const doc = JSON.parse(run.stdout) as { verdict: string; groups: { targets: { address: string; healthy: boolean; checks: { probe: string; message: string }[] }[] }[] };
    const target = doc.groups[0]!.targets[0]!;
    expect([doc.verdict, target.address, target.healthy]).toEqual(['healthy', `users:${port}`, true]);
    expect(target.checks.find((c) => c.probe === 'dns')?.message).toContain('as users.default.svc.cluster.local, from the search list of');
    expect(run.code).toBe(0);
  });
});
