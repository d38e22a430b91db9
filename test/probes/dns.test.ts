import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { dnsProbe } from '../../src/probes/dns.js';
import { loopbackDnsServers } from '../helpers/dns-servers.js';
import { hostsFile, probeContext, probeTarget } from '../helpers/probe-context.js';
import type { ProbeContext } from '../../src/probes/types.js';

const dns = loopbackDnsServers();

function resolve(name: string, servers: readonly { host: string; port: number }[], overrides: Partial<ProbeContext> = {}) {
  const ctx = probeContext({ resolvers: servers.map((s) => ({ host: s.host, port: s.port })), ...overrides });
  return dnsProbe(probeTarget({ host: name, port: 8080 }), ctx);
}

/** A UDP port with nothing bound: the kernel answers ICMP port unreachable. */
async function deadUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  const port = socket.address().port;
  await new Promise<void>((r) => socket.close(() => r()));
  return port;
}

describe('dns probe: what does the target name stand for, and who says so?', () => {
  it('passes IP literals without asking anyone', async () => {
    const server = await dns({});
    const result = await dnsProbe(probeTarget({ host: '127.0.0.1', ip: '127.0.0.1', port: 80 }), probeContext({ resolvers: [server] }));
    expect(result.outcome).toBe('pass');
    expect(result.facts.addresses).toEqual([{ address: '127.0.0.1', family: 4, source: 'literal' }]);
    expect(server.queries).toEqual([]);
  });

  it('returns every A and AAAA address (the TCP layer connects to each)', async () => {
    const server = await dns({ 'users.internal': { A: ['127.0.0.2', '127.0.0.3'], AAAA: ['::1'] } });
    const result = await resolve('users.internal', [server]);
    expect(result.outcome).toBe('pass');
    expect(result.facts.addresses).toEqual([
      { address: '127.0.0.2', family: 4, source: 'dns' },
      { address: '127.0.0.3', family: 4, source: 'dns' },
      { address: '::1', family: 6, source: 'dns' },
    ]);
    expect(result.message).toBe(`users.internal → 127.0.0.2, 127.0.0.3, ::1 (dns ${server.address})`);
    expect(server.queries.map((q) => q.type).sort()).toEqual(['A', 'AAAA']);
  });

  it('dns-nxdomain: the name does not exist', async () => {
    const server = await dns({ 'users.internal': 'nxdomain' });
    const result = await resolve('users.internal', [server]);
    expect(result.outcome).toBe('fail');
    expect(result.code).toBe('NXDOMAIN');
    expect(result.observations[0]).toMatchObject({ cause: 'dns-nxdomain', severity: 'critical' });
    expect(result.observations[0]?.evidence[0]).toMatch(new RegExp(`^${server.address} users\\.internal: A → NXDOMAIN \\(udp, [\\d.]+ ms\\)`));
  });

  it('dns-no-answer: the name exists but has no A/AAAA record', async () => {
    const server = await dns({ 'users.internal': { A: [], AAAA: [] } });
    const result = await resolve('users.internal', [server]);
    expect(result.code).toBe('NODATA');
    expect(result.observations[0]).toMatchObject({ cause: 'dns-no-answer', severity: 'critical' });
    expect(result.observations[0]?.evidence[0]).toContain('A → NOERROR, no records');
  });

  it('dns-no-answer: the name has only AAAA and the gateway asks only for A (Envoy V4_ONLY)', async () => {
    const server = await dns({ 'users.internal': { A: [], AAAA: ['::1'] } });
    const ctx = probeContext({ resolvers: [server] });
    const target = probeTarget({ host: 'users.internal', port: 8080, group: { params: { dns_lookup_family: 'V4_ONLY' } } });
    const result = await dnsProbe(target, ctx);
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]?.cause).toBe('dns-no-answer');
    expect(result.observations[0]?.evidence[0]).toContain('AAAA → ::1');
    expect(result.observations[0]?.evidence[1]).toBe('the gateway asks only for A records (dns_lookup_family V4_ONLY)');
    const both = await dnsProbe(probeTarget({ host: 'users.internal', port: 8080 }), ctx);
    expect(both.outcome).toBe('pass');
  });

  it.each([['servfail', 'SERVFAIL'], ['refused', 'REFUSED']] as const)('dns-resolver-unreachable: the resolver answers %s', async (fault, rcode) => {
    const server = await dns({ 'users.internal': fault });
    const result = await resolve('users.internal', [server]);
    expect(result.outcome).toBe('fail');
    expect(result.code).toBe(rcode);
    expect(result.observations[0]).toMatchObject({ cause: 'dns-resolver-unreachable', severity: 'critical' });
    expect(result.observations[0]?.evidence[0]).toContain(`A → ${rcode}`);
  });

  it('dns-resolver-unreachable: the resolver never answers (bounded retries)', async () => {
    const server = await dns({ 'users.internal': 'silent' });
    const result = await resolve('users.internal', [server], { timeoutMs: 800 });
    expect(result.outcome).toBe('fail');
    expect(result.code).toBe('DNS_TIMEOUT');
    expect(result.observations[0]?.cause).toBe('dns-resolver-unreachable');
    expect(result.observations[0]?.evidence[0]).toContain('A → no answer: 2 × 400 ms');
    expect(server.queries.filter((q) => q.type === 'A')).toHaveLength(2);
  });

  it('dns-resolver-unreachable: nothing listens on the resolver port', async () => {
    const port = await deadUdpPort();
    const result = await resolve('users.internal', [{ host: '127.0.0.1', port }]);
    expect(result.observations[0]?.cause).toBe('dns-resolver-unreachable');
    expect(result.code).toBe('ECONNREFUSED');
  });

  it('retries over TCP when the UDP answer is truncated', async () => {
    const server = await dns({ 'big.internal': { A: ['127.0.0.5'], truncate: true } });
    const result = await resolve('big.internal', [server]);
    expect(result.outcome).toBe('pass');
    expect(result.facts.addresses.map((a) => a.address)).toEqual(['127.0.0.5']);
    expect(result.facts.resolvers[0]?.answers.A).toMatchObject({ kind: 'answer', via: 'tcp', truncatedUdp: true });
    expect(server.queries).toContainEqual({ name: 'big.internal', type: 'A', transport: 'tcp' });
    const shorthand = await resolve('short.internal', [await dns({ 'short.internal': 'truncate' })]);
    expect(shorthand.facts.addresses.map((a) => a.address)).toEqual(['127.0.0.1']);
  });

  it('dns-inconsistent: /etc/hosts pins an address DNS does not give', async () => {
    const server = await dns({ 'users.internal': { A: ['127.0.0.7'] } });
    const hosts = hostsFile(['# local overrides', '127.0.0.9   users.internal users']);
    const result = await resolve('users.internal', [server], { hostsFile: hosts });
    expect(result.outcome).toBe('warn');
    expect(result.facts.addresses).toEqual([{ address: '127.0.0.9', family: 4, source: 'hosts' }]);
    expect(result.observations[0]).toMatchObject({ cause: 'dns-inconsistent', severity: 'warning' });
    expect(result.observations[0]?.evidence[0]).toBe(`${hosts}:2 pins users.internal to 127.0.0.9; the gateway's system resolver uses this before DNS`);
  });

  it('passes a name only /etc/hosts knows (hosts first, as the system resolver)', async () => {
    const server = await dns({});
    const result = await resolve('USERS.internal', [server], { hostsFile: hostsFile(['127.0.0.9 users.internal']) });
    expect(result.outcome).toBe('pass');
    expect(result.facts.addresses[0]).toMatchObject({ address: '127.0.0.9', source: 'hosts' });
  });

  it('ignores /etc/hosts where nginx re-resolves at run time (its resolver never reads it)', async () => {
    const server = await dns({ 'users.internal': 'nxdomain' });
    const target = probeTarget({ host: 'users.internal', port: 8080, group: { source: 'upstream block' } });
    const runtime = { ...target, target: { ...target.target, resolve: true } };
    const ctx = probeContext({ resolvers: [server], hostsFile: hostsFile(['127.0.0.9 users.internal']) });
    const result = await dnsProbe(runtime, ctx);
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]?.cause).toBe('dns-nxdomain');
    expect((await dnsProbe(target, ctx)).outcome).toBe('pass');
  });

  it('dns-inconsistent: two resolvers give different addresses', async () => {
    const one = await dns({ 'users.internal': { A: ['127.0.0.2'] } });
    const two = await dns({ 'users.internal': { A: ['127.0.0.3'] } });
    const result = await resolve('users.internal', [one, two]);
    expect(result.outcome).toBe('warn');
    expect(result.facts.addresses.map((a) => a.address)).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(result.observations.map((o) => [o.cause, o.severity])).toEqual([['dns-inconsistent', 'warning']]);
    expect(result.observations[0]?.evidence).toHaveLength(2);
  });

  it('warns dns-resolver-unreachable when one of two resolvers fails but the other answers', async () => {
    const good = await dns({ 'users.internal': { A: ['127.0.0.2'] } });
    const bad = await dns({ 'users.internal': 'servfail' });
    const result = await resolve('users.internal', [good, bad]);
    expect(result.outcome).toBe('warn');
    const down = result.observations.find((o) => o.cause === 'dns-resolver-unreachable');
    expect(down?.severity).toBe('warning');
    expect(down?.evidence.at(-1)).toContain('1 of 2 resolvers answered');
  });

  it('resolves localhost names to loopback without a query when the hosts file has no line (RFC 6761)', async () => {
    const server = await dns({});
    const result = await resolve('api.localhost', [server]);
    expect(result.outcome).toBe('pass');
    expect(result.facts.addresses).toEqual([{ address: '127.0.0.1', family: 4, source: 'literal' }]);
    expect(server.queries).toEqual([]);
    const pinned = await resolve('localhost', [server], { hostsFile: hostsFile(['::1 localhost']) });
    expect(pinned.facts.addresses).toEqual([{ address: '::1', family: 6, source: 'hosts' }]);
  });

  it('skips unix sockets', async () => {
    const result = await dnsProbe(probeTarget({ socketPath: '/tmp/x.sock' }), probeContext());
    expect(result.outcome).toBe('skip');
  });
});
