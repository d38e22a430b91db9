import { describe, expect, it } from 'vitest';
import { lookupHosts, parseHosts } from '../../src/probes/hosts-file.js';
import { systemResolvers } from '../../src/probes/dns.js';
import { hostsFile } from '../helpers/probe-context.js';
import { writeFileSync } from 'node:fs';

describe('/etc/hosts as glibc reads it', () => {
  it('maps names and aliases case-insensitively, skipping comments and junk', () => {
    const map = parseHosts([
      '# comment line',
      '127.0.0.1\tlocalhost',
      '10.0.0.7  Users.Internal users   # trailing comment',
      'not-an-ip  broken.internal',
      '::1 localhost ip6-localhost',
      '10.0.0.8 users.internal.',
    ].join('\n'));
    expect(map.get('users.internal')).toEqual([
      { address: '10.0.0.7', family: 4, line: 3 },
      { address: '10.0.0.8', family: 4, line: 6 },
    ]);
    expect(map.get('users')?.[0]?.address).toBe('10.0.0.7');
    expect(map.get('localhost')?.map((e) => e.family)).toEqual([4, 6]);
    expect(map.has('broken.internal')).toBe(false);
  });

  it('treats a missing file as empty and says so', async () => {
    const result = await lookupHosts('/nonexistent/uh-hosts', 'users.internal');
    expect(result.entries).toEqual([]);
    expect(result.readError).toBe('/nonexistent/uh-hosts: ENOENT');
  });

  it('reads nameservers from a resolv.conf, with glibc\'s fallback when there are none', async () => {
    const file = hostsFile();
    writeFileSync(file, 'search example.test\nnameserver 127.0.0.53\nnameserver ::1\noptions ndots:5\n');
    expect(await systemResolvers(file)).toEqual([{ host: '127.0.0.53', port: 53 }, { host: '::1', port: 53 }]);
    writeFileSync(file, '# empty\n');
    expect(await systemResolvers(file)).toEqual([{ host: '127.0.0.1', port: 53 }]);
  });
});
