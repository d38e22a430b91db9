import { describe, expect, it } from 'vitest';
import * as configRules from '../../../src/diagnosis/rules/config-rules.js';
import * as dnsRules from '../../../src/diagnosis/rules/dns-rules.js';
import * as serviceRules from '../../../src/diagnosis/rules/service-rules.js';
import type { MeasuredRule } from '../../../src/diagnosis/rules/types.js';
import type { TargetRun } from '../../../src/probes/run.js';
import { config, pass, result, run, target, group, healthy } from '../builders.js';

/** These rules read only the runs; the config they are given is the runs' groups. */
const onRuns = (rule: MeasuredRule) => (runs: readonly TargetRun[]) => rule(runs, config([...new Set(runs.map((r) => r.group))]));
const proxyTimeoutBelowLatency = onRuns(configRules.proxyTimeoutBelowLatency);
const inconsistentAcrossTargets = onRuns(dnsRules.inconsistentAcrossTargets);
const slowerThanPeers = onRuns(serviceRules.slowerThanPeers);

describe('measured-vs-config rules', () => {
  it('config-proxy-timeout-below-latency: read timeout below the measured answer time', () => {
    const t = target('127.0.0.1:9001');
    const g = group('orders', [t], { timeouts: { readMs: 500 } });
    const [f] = proxyTimeoutBelowLatency([run(g, t, healthy(1200))]);
    expect(f).toMatchObject({ cause: 'config-proxy-timeout-below-latency', severity: 'warning', targets: [t.address] });
    expect(f!.evidence[0]).toBe('127.0.0.1:9001 answered in 1.20 s; the gateway\'s read timeout is 500.0 ms');
    expect(proxyTimeoutBelowLatency([run(g, t, healthy(100))])).toEqual([]);
  });

  it('upstream-overloaded: one target far slower than its peers', () => {
    const ts = ['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3'].map((a) => target(a));
    const g = group('search', ts);
    const runs = [run(g, ts[0]!, healthy(10)), run(g, ts[1]!, healthy(12)), run(g, ts[2]!, healthy(900))];
    const found = slowerThanPeers(runs);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ cause: 'upstream-overloaded', targets: ['127.0.0.1:3'], severity: 'warning' });
    expect(found[0]!.confidence).toBeLessThan(0.9);
    expect(slowerThanPeers([run(g, ts[0]!, healthy(10)), run(g, ts[1]!, healthy(30))])).toEqual([]);
  });

  it('dns-inconsistent: one name resolved to different addresses for different targets', () => {
    const a = target('api.internal:80', { host: 'api.internal' });
    const b = target('api.internal:81', { host: 'api.internal' });
    const g = group('api', [a, b]);
    const dns = result('dns', 'pass', 'resolved');
    const runs = [
      { ...run(g, a, [pass('tcp')]), dns, paths: [{ ip: '10.0.0.1', results: [pass('tcp')] }] },
      { ...run(g, b, [pass('tcp')]), dns, paths: [{ ip: '10.0.0.2', results: [pass('tcp')] }] },
    ];
    expect(inconsistentAcrossTargets(runs)[0]!.evidence[0]).toBe('api.internal resolved differently across targets: [10.0.0.1] vs [10.0.0.2]');
    expect(inconsistentAcrossTargets([runs[0]!])).toEqual([]);
  });
});
