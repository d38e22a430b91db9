import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/diagnosis/diagnose.js';
import type { GatewayGroupView, GatewayTargetView, GatewayView, GatewayViews, ThroughAnswer } from '../../../src/gateway-view/types.js';
import { toJson } from '../../../src/report/json.js';
import { renderTable } from '../../../src/report/table.js';
import { config, group, healthy, pass, refused, run, target } from '../builders.js';

const at = '2026-12-04T14:02:00.000Z';

function view(targets: GatewayTargetView[], groups: GatewayGroupView[] = []): GatewayView {
  return { source: 'haproxy-runtime', endpoint: 'unix:/run/haproxy/admin.sock', outcome: 'read', targets, groups, notes: [] };
}

function down(address: string, fields: Partial<GatewayTargetView>): GatewayTargetView {
  return { source: 'haproxy-runtime', group: 'users', name: 's1', address, state: 'unhealthy', flags: [], detail: 'DOWN', kind: 'active-check', since: at, ...fields };
}

const views = (...v: GatewayView[]): GatewayViews => ({ views: v, through: [] });

describe('the gateway\'s view held against uh\'s direct probes', () => {
  it('the same fault seen both ways keeps the layered id and carries the gateway\'s words as evidence', () => {
    const t = target('127.0.0.1:9001');
    const users = group('users', [t]);
    const gw = view([down('127.0.0.1:9001', { detail: 'DOWN L4CON Connection refused', cause: 'tcp-refused', checkLayer: 'tcp' })]);
    const d = diagnose(config([users]), [run(users, t, refused(t.address))], { offline: false }, views(gw));
    expect(d.findings.map((f) => f.cause)).not.toContain('gateway-view-disagrees');
    const top = d.findings[0]!;
    expect(top.cause).toBe('tcp-refused');
    expect(top.evidence[1]).toBe('haproxy runtime users/s1: DOWN L4CON Connection refused since 14:02:00 UTC · uh: tcp connect ECONNREFUSED 127.0.0.1:9001 in 1.5 ms');
    expect(d.groups[0]!.targets[0]!.gateway).toEqual({ source: 'haproxy-runtime', state: 'unhealthy', flags: [], detail: 'DOWN L4CON Connection refused' });
  });

  it('the gateway\'s check fails with 400 where uh\'s identical check passes: gateway-view-disagrees naming the Host header', () => {
    const t = target('127.0.0.1:9001');
    const users = group('users', [t]);
    const results = [pass('tcp'), pass('http', { method: 'GET', url: 'http://127.0.0.1:9001/health', host: '127.0.0.1:9001', status: 200 })];
    const gw = view([down('127.0.0.1:9001', { detail: 'DOWN L7STS 400 Bad Request', cause: 'health-status-mismatch', checkLayer: 'http', checkStatus: 400 })]);
    const d = diagnose(config([users]), [run(users, t, results)], { offline: false }, views(gw));
    const f = d.findings.find((x) => x.cause === 'gateway-view-disagrees')!;
    expect(f).toMatchObject({ layer: 'gateway', severity: 'critical', group: 'users', targets: ['127.0.0.1:9001'] });
    expect(f.evidence[0]).toMatch(/^haproxy runtime users\/s1: DOWN L7STS 400 Bad Request .* · uh: http http ok/);
    expect(f.evidence[1]).toMatch(/^differs — Host header: the gateway's check got 400 .*uh sent GET \/health with Host: 127\.0\.0\.1:9001 and got 200/);
    expect(d.findings.map((x) => x.cause)).not.toContain('health-status-mismatch');
  });

  it('a disagreement at the TCP layer names the vantage point, at TLS the TLS identity', () => {
    const t = target('127.0.0.1:9001');
    const users = group('users', [t]);
    for (const [checkLayer, words] of [['tcp', /^differs — vantage point/], ['tls', /^differs — TLS identity/]] as const) {
      const gw = view([down('127.0.0.1:9001', { detail: 'DOWN', checkLayer })]);
      const d = diagnose(config([users]), [run(users, t, healthy())], { offline: false }, views(gw));
      expect(d.findings.find((x) => x.cause === 'gateway-view-disagrees')!.evidence[1]).toMatch(words);
    }
  });

  it('maintenance is gateway-target-draining; critical when the gateway has no healthy member left', () => {
    const t = target('127.0.0.1:9001');
    const users = group('users', [t]);
    const maint = down('127.0.0.1:9001', { state: 'maint', detail: 'MAINT (disabled in the config)', kind: 'admin' });
    const some = diagnose(config([users]), [run(users, t, healthy())], { offline: false },
      views(view([maint], [{ source: 'haproxy-runtime', name: 'users', members: 2, healthy: 1, panic: false, overflow: [] }])));
    expect(some.findings.find((f) => f.cause === 'gateway-target-draining')!.severity).toBe('warning');
    const none = diagnose(config([users]), [run(users, t, healthy())], { offline: false },
      views(view([maint], [{ source: 'haproxy-runtime', name: 'users', members: 1, healthy: 0, panic: false, overflow: [] }])));
    expect(none.findings.find((f) => f.cause === 'gateway-target-draining')!.severity).toBe('critical');
    expect(none.groups[0]!.gateway).toEqual({ members: 1, healthy: 0, panic: false });
  });

  it('ejected while checks pass, zero members, panic and overflow each have their own id', () => {
    const t = target('127.0.0.1:9001');
    const users = group('users', [t]);
    const orders = group('orders', []);
    const gw = view(
      [down('127.0.0.1:9001', { state: 'ejected', detail: '/failed_outlier_check', kind: 'traffic', source: 'envoy-admin' })],
      [
        { source: 'envoy-admin', name: 'users', members: 3, healthy: 1, panic: true, overflow: ['upstream_rq_pending_overflow 12'] },
        { source: 'envoy-admin', name: 'orders', members: 0, healthy: 0, panic: false, overflow: [] },
      ],
    );
    const d = diagnose(config([users, orders]), [run(users, t, healthy())], { offline: false }, views(gw));
    const ids = d.findings.map((f) => `${f.group}:${f.cause}`);
    expect(ids).toEqual(expect.arrayContaining(['users:gateway-outlier-ejected', 'orders:gateway-no-endpoints', 'users:gateway-panic-routing', 'users:gateway-overflow']));
  });

  it('a route failing through the gateway while every target passes is gateway-hop-failure; with a failing target it is evidence instead', () => {
    const a = target('127.0.0.1:9001');
    const b = target('127.0.0.1:9002');
    const ok = group('ok', [a]);
    const broken = group('broken', [b]);
    const through: ThroughAnswer[] = [
      { route: '/ok', group: 'ok', url: 'http://127.0.0.1:8080/ok', status: 502, answer: 'bad gateway', by: 'nginx', failed: true, ms: 2 },
      { route: '/broken', group: 'broken', url: 'http://127.0.0.1:8080/broken', status: 502, answer: 'bad gateway', by: 'nginx', failed: true, ms: 2 },
    ];
    const d = diagnose(config([ok, broken]), [run(ok, a, healthy()), run(broken, b, refused(b.address))], { offline: false }, { views: [], through });
    expect(d.findings.filter((f) => f.cause === 'gateway-hop-failure').map((f) => f.group)).toEqual(['ok']);
    expect(d.findings.find((f) => f.cause === 'tcp-refused')!.evidence).toContain('through the gateway: GET http://127.0.0.1:8080/broken → 502 bad gateway (nginx)');
  });

  it('a source that cannot be read is a skip with its reason, in the JSON and the table', () => {
    const t = target('127.0.0.1:9001');
    const users = group('users', [t]);
    const skip: GatewayView = { source: 'haproxy-runtime', endpoint: 'unix:/nope.sock', outcome: 'skip', reason: '/nope.sock: connect ENOENT /nope.sock', targets: [], groups: [], notes: [] };
    const d = diagnose(config([users]), [run(users, t, healthy())], { offline: false }, views(skip));
    const json = toJson(d, 'test') as { gateway: { sources: unknown[] } };
    expect(json.gateway.sources).toEqual([{ source: 'haproxy-runtime', endpoint: 'unix:/nope.sock', outcome: 'skip', reason: '/nope.sock: connect ENOENT /nope.sock', groups: 0, targets: 0, notes: [] }]);
    expect(renderTable(d)).toContain('haproxy runtime unix:/nope.sock: skip — /nope.sock: connect ENOENT /nope.sock');
  });
});
