import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunningDnsServer } from '../../src/demo/faults/dns-server.js';
import { loopbackDnsServers } from '../helpers/dns-servers.js';
import { dnsProbe } from '../../src/probes/dns.js';
import { readResolvConf, searchNames } from '../../src/probes/resolv-conf.js';
import { hostsFile, probeContext, probeTarget } from '../helpers/probe-context.js';

const dns = loopbackDnsServers();

/**
 * A resolv.conf as a Kubernetes pod gets one. The nameserver line carries the loopback server's
 * port: uh's reader takes IP:port (glibc does not), so the test needs no root for port 53.
 */
function podResolvConf(server: RunningDnsServer, extra = 'search default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5'): string {
  const file = hostsFile([`nameserver ${server.address}`, ...extra.split('\n')]);
  return file;
}

describe('the system resolver applies resolv.conf\'s search list, as the gateway\'s libc does', () => {
  it('a short service name in a pod resolves through the search list: pass, and it says which name answered', async () => {
    const server = await dns({ 'users.default.svc.cluster.local': { A: ['127.0.0.7'], AAAA: [] } });
    const resolvConf = podResolvConf(server);
    const result = await dnsProbe(probeTarget({ host: 'users', port: 8080 }), probeContext({ resolvers: [], resolvConf }));
    expect(result.outcome).toBe('pass');
    expect(result.facts.addresses).toEqual([{ address: '127.0.0.7', family: 4, source: 'dns' }]);
    expect(result.facts.queried).toBe('users.default.svc.cluster.local');
    expect(result.message).toBe(`users → 127.0.0.7 (dns ${server.address} as users.default.svc.cluster.local, from the search list of ${resolvConf})`);
    // ndots 5: a name with fewer dots is tried with the first search domain first, and that answered.
    expect(new Set(server.queries.map((q) => q.name))).toEqual(new Set(['users.default.svc.cluster.local']));
  });

  it('nothing answers: dns-nxdomain with every name asked as evidence, in the resolver\'s order', async () => {
    const server = await dns({});
    const resolvConf = podResolvConf(server);
    const result = await dnsProbe(probeTarget({ host: 'users', port: 8080 }), probeContext({ resolvers: [], resolvConf }));
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]?.cause).toBe('dns-nxdomain');
    const asked = result.observations[0]!.evidence.map((line) => line.split(' ')[1]);
    expect(asked.slice(0, 4)).toEqual(['users.default.svc.cluster.local:', 'users.svc.cluster.local:', 'users.cluster.local:', 'users:']);
    expect(result.observations[0]!.evidence.at(-1)).toBe(`${resolvConf}: search default.svc.cluster.local svc.cluster.local cluster.local (ndots 5): 4 names asked, none answered`);
  });

  it('a name with ndots dots is asked as written first (ndots 1: api.internal exists)', async () => {
    const server = await dns({ 'api.internal': { A: ['127.0.0.8'], AAAA: [] } });
    const resolvConf = podResolvConf(server, 'search corp.example\noptions ndots:1');
    const result = await dnsProbe(probeTarget({ host: 'api.internal', port: 80 }), probeContext({ resolvers: [], resolvConf }));
    expect(result.outcome).toBe('pass');
    expect(result.facts.queried).toBeUndefined();
    expect(new Set(server.queries.map((q) => q.name))).toEqual(new Set(['api.internal']));
  });

  it('a resolver the gateway names itself (nginx `resolver`) asks the name as written: no search list', async () => {
    const server = await dns({ 'users.default.svc.cluster.local': { A: ['127.0.0.7'], AAAA: [] } });
    const resolvConf = podResolvConf(server);
    const target = probeTarget({ host: 'users', port: 8080, group: { resolvers: [{ host: server.host, port: server.port }] } });
    const result = await dnsProbe(target, probeContext({ resolvers: [], resolvConf }));
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]?.cause).toBe('dns-nxdomain');
    expect(new Set(server.queries.map((q) => q.name))).toEqual(new Set(['users']));
  });

  it('reads search, domain and ndots as glibc does, within its bounds', async () => {
    const file = hostsFile(['domain old.example', 'search a.example b.example.  # comment', 'options rotate ndots:2']);
    expect(await readResolvConf(file)).toMatchObject({ search: ['a.example', 'b.example'], ndots: 2 });
    writeFileSync(file, `search ${Array.from({ length: 10 }, (_, i) => `d${i}.example`).join(' ')}\noptions ndots:99\n`);
    const many = await readResolvConf(file);
    expect(many.search).toHaveLength(6);
    expect(many.ndots).toBe(15);
    expect(searchNames('users.', { search: ['x.example'], ndots: 5 })).toEqual(['users.']);
    expect(searchNames('a.b', { search: ['x.example'], ndots: 1 })).toEqual(['a.b', 'a.b.x.example']);
    expect(searchNames('a', { search: [], ndots: 1 })).toEqual(['a']);
  });
});
