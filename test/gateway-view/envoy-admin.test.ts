import { describe, expect, it } from 'vitest';
import { healthyServer } from '../../src/demo/faults/http-servers.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import { envoyAdminSource } from '../../src/gateway-view/envoy-admin.js';
import { readClustersText } from '../../src/gateway-view/envoy-clusters.js';
import { ENVOY_HEALTH_FLAGS, readHealthFlags } from '../../src/gateway-view/envoy-flags.js';
import { runUh } from '../cli/helpers.js';
import { hostsFile } from '../helpers/probe-context.js';
import { closedAfterEach } from '../helpers/running-faults.js';
import { startEnvoyAdmin } from './envoy-fixtures.js';

const faults = closedAfterEach();
const ctx = () => ({ signal: new AbortController().signal, timeoutMs: 3000, maxBytes: 1 << 20, sinceMs: 0, now: () => Date.now() });

describe('Envoy admin (no Envoy binary here: documented formats from Envoy\'s docs and its admin test expectations, served on loopback)', () => {
  it('uh diagnose --admin URL with NO config file: the config dump is the config, EDS endpoints are probed, each flag judged against uh\'s probes', async () => {
    const checkedDown = await faults.start(healthyServer());
    const ejected = await faults.start(healthyServer());
    const draining = await faults.start(healthyServer());
    const refused = await refusedPort();
    const admin = await faults.start(startEnvoyAdmin({
      clusters: {
        users: [
          { address: '127.0.0.1', port: checkedDown.port, health: { eds_health_status: 'HEALTHY', failed_active_health_check: true } },
          { address: '127.0.0.1', port: ejected.port, health: { eds_health_status: 'HEALTHY', failed_outlier_check: true } },
          { address: '127.0.0.1', port: draining.port, health: { eds_health_status: 'DRAINING' }, eds: 'DRAINING' },
        ],
        orders: [],
        down: [{ address: '127.0.0.1', port: refused, health: { eds_health_status: 'HEALTHY', failed_active_health_check: true } }],
      },
      stats: [
        'cluster.users.membership_total: 3',
        'cluster.users.membership_healthy: 0',
        'cluster.users.lb_healthy_panic: 14',
        'cluster.users.upstream_rq_pending_overflow: 9',
        'cluster.orders.membership_total: 0',
        'cluster.orders.upstream_cx_none_healthy: 5',
        'cluster.down.membership_total: 1',
        'cluster.down.membership_healthy: 0',
        'cluster.down.health_check.failure: 42',
      ].join('\n') + '\n',
    }, ['payments']));
    const url = `http://${admin.address}`;
    const run = await runUh(['diagnose', '--admin', url, '--format', 'json', '--samples', '1', '--hosts-file', hostsFile()]);
    expect(run.code, run.stderr).toBe(1);
    const doc = JSON.parse(run.stdout) as {
      config: { path: string; format: string };
      groups: { name: string; verdict: string; gateway?: unknown; targets: { address: string; discovered?: string; gateway?: { state: string; flags: string[] } }[] }[];
      findings: { cause: string; group: string; targets: string[]; evidence: string[] }[];
    };
    expect(doc.config).toEqual({ path: `${url}/config_dump?include_eds`, format: 'envoy' });
    const users = doc.groups.find((g) => g.name === 'users')!;
    expect(users.targets.map((t) => t.discovered)).toEqual(['eds', 'eds', 'eds']);
    expect(users.gateway).toEqual({ members: 3, healthy: 0, panic: true });
    const ids = (cause: string) => doc.findings.filter((f) => f.cause === cause).flatMap((f) => f.targets.length ? f.targets.map((t) => `${f.group}:${t}`) : [f.group]);
    expect(ids('gateway-view-disagrees')).toEqual([`users:${checkedDown.address}`]);
    expect(ids('gateway-outlier-ejected')).toEqual([`users:${ejected.address}`]);
    expect(ids('gateway-target-draining')).toEqual([`users:${draining.address}`]);
    expect(ids('gateway-no-endpoints')).toEqual(['orders']);
    expect(doc.groups.find((g) => g.name === 'orders')).toMatchObject({ verdict: 'no-healthy-upstream', gateway: { members: 0, healthy: 0, panic: false } });
    const table = await runUh(['diagnose', '--admin', url, '--samples', '1', '--hosts-file', hostsFile()]);
    expect(table.stdout).toContain('no healthy upstream for `orders`: none: the running gateway holds no member');
    // 0/1 healthy is below Envoy's default 50% panic threshold too: it routes to the failing host anyway.
    expect(ids('gateway-panic-routing')).toEqual(['down', 'users']);
    expect(ids('gateway-overflow')).toEqual(['users']);
    const disagrees = doc.findings.find((f) => f.cause === 'gateway-view-disagrees')!;
    expect(disagrees.evidence[0]).toMatch(/^envoy admin users: \/failed_active_hc \(failed Envoy's active health check\) · uh: http GET \/health → 200/);
    expect(disagrees.evidence[1]).toMatch(/compare the check's Host header, path, protocol, TLS identity and the vantage point/);
    // uh's own finding on a host Envoy also fails carries Envoy's flag and its cluster counters.
    const downEvidence = doc.findings.find((f) => f.group === 'down' && f.cause === 'tcp-refused')!.evidence.join('\n');
    expect(downEvidence).toMatch(/envoy admin down: \/failed_active_hc \(failed Envoy's active health check\) · uh: tcp connect ECONNREFUSED/);
    expect(downEvidence).toContain('envoy admin down: health_check.failure 42');
    // The warming cluster is read and said to be warming (stderr note), not silently dropped.
    expect(doc.groups.map((g) => g.name)).toContain('payments');
  });

  it('the text form of /clusters: IPv6 hosts contain "::", unknown flags are kept and shown', () => {
    const text = [
      'users::observability_name::users',
      'users::default_priority::max_connections::1024',
      'users::[::1]:8080::cx_active::0',
      'users::[::1]:8080::health_flags::/failed_active_hc/active_hc_timeout',
      'users::10.0.0.7:80::health_flags::healthy',
      'users::10.0.0.8:80::health_flags::/brand_new_flag',
      'orders::added_via_api::true',
    ].join('\n');
    const read = readClustersText(text)!;
    expect(read.clusters).toEqual(['users', 'orders']);
    expect(read.hosts.map((h) => [h.address, h.state, h.flags])).toEqual([
      ['[::1]:8080', 'unhealthy', ['failed_active_hc', 'active_hc_timeout']],
      ['10.0.0.7:80', 'healthy', []],
      ['10.0.0.8:80', 'unknown', ['brand_new_flag']],
    ]);
    expect(read.hosts[2]!.detail).toBe('/brand_new_flag (a flag uh does not know)');
  });

  it.each(Object.keys(ENVOY_HEALTH_FLAGS))('/%s has a meaning and a state', (flag) => {
    const reading = readHealthFlags(`/${flag}`);
    expect(reading.flags).toEqual([flag]);
    expect(reading.state).not.toBe('unknown');
    expect(reading.detail).toContain(ENVOY_HEALTH_FLAGS[flag]!.meaning);
  });

  it('an admin that answers only the text form is still read; one that is not Envoy is a skip with the reason', async () => {
    const text = await faults.start(startEnvoyAdmin({ clusters: {}, textOnly: 'svc::127.0.0.1:9::health_flags::/failed_eds_health\n' }));
    const view = await envoyAdminSource(`http://${text.address}`, ctx());
    expect(view.targets).toEqual([expect.objectContaining({ group: 'svc', address: '127.0.0.1:9', state: 'unhealthy', flags: ['failed_eds_health'] })]);
    const notEnvoy = await faults.start(healthyServer());
    const skip = await envoyAdminSource(`http://${notEnvoy.address}`, ctx());
    expect(skip).toMatchObject({ outcome: 'skip', reason: expect.stringMatching(/no cluster list uh can read/) });
  });
});
