import { describe, expect, it } from 'vitest';
import { passToUnknownName } from '../../../src/diagnosis/rules/reference-rules.js';
import { similarGroup } from '../../../src/diagnosis/rules/similar-group.js';
import { config, group, result, target } from '../builders.js';
import { skipped } from '../../../src/probes/types.js';

const upstream = (name: string) => group(name, [target('127.0.0.1:9001')], { source: 'upstream block', context: 'http' });

describe('a pass to a name that is no group', () => {
  it('did-you-mean: a few edits, or the same stem with a suffix added or dropped; nothing for an unrelated name', () => {
    const c = config([upstream('faulty'), upstream('api-v2'), upstream('payments')]);
    expect(similarGroup(c, 'faulty_typo')?.name).toBe('faulty');
    expect(similarGroup(c, 'api')?.name).toBe('api-v2');
    expect(similarGroup(c, 'paymnets')?.name).toBe('payments');
    expect(similarGroup(c, 'search')).toBeUndefined();
  });

  it('a dotted name with no near miss stays a DNS finding: it was meant as a host', () => {
    const t = target('api.example.internal:80', { host: 'api.example.internal' });
    const literal = group('http://api.example.internal', [t], { source: 'proxy_pass literal', context: 'http', directive: 'proxy_pass' });
    const dns = result('dns', 'fail', 'NXDOMAIN', { cause: 'dns-nxdomain' });
    const run = { group: literal, target: t, dns, paths: [{ results: [skipped('tcp', 'dns failed: NXDOMAIN')] }] };
    expect(passToUnknownName([run], config([upstream('faulty'), literal]))).toEqual([]);
    const bare = { ...run, target: { ...t, host: 'backend', port: undefined, defaultPort: 80 } };
    expect(passToUnknownName([bare], config([upstream('faulty'), literal]))[0]!.evidence[0]).toBe('`backend` is no upstream group and does not resolve');
    // `http://backend:8080` names a port: written as a host, so a DNS finding, not an undefined upstream.
    const withPort = { ...run, target: { ...t, host: 'backend', port: 8080 } };
    expect(passToUnknownName([withPort], config([upstream('faulty'), literal]))).toEqual([]);
  });

  it('a resolver that fails says nothing about the name: no finding', () => {
    const t = target('faulty_typo:80', { host: 'faulty_typo' });
    const literal = group('http://faulty_typo', [t], { source: 'proxy_pass literal', context: 'http', directive: 'proxy_pass' });
    const dns = result('dns', 'fail', 'SERVFAIL', { cause: 'dns-resolver-unreachable' });
    expect(passToUnknownName([{ group: literal, target: t, dns, paths: [] }], config([upstream('faulty'), literal]))).toEqual([]);
  });
});
