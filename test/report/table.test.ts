import { describe, expect, it } from 'vitest';
import { renderTable, tableReporter } from '../../src/report/table.js';
import { SAMPLE_DIAGNOSIS } from '../fixtures/diagnosis/sample.js';

describe('table report', () => {
  it('renders the fixed diagnosis exactly (golden, colour off)', () => {
    expect(renderTable(SAMPLE_DIAGNOSIS, 120)).toMatchInlineSnapshot(`
      "┌────┬──────────────────────┬───────────────────────┬────────────────────────────────────┬─────────────────────────────┐
      │ #  │ cause                │ where                 │ evidence                           │ remediation                 │
      ├────┼──────────────────────┼───────────────────────┼────────────────────────────────────┼─────────────────────────────┤
      │ 1  │ CRIT                 │ users →               │ connect ECONNREFUSED               │ Start the upstream process  │
      │    │ tcp-refused          │ 10.0.0.11:8080        │ 10.0.0.11:8080 after 0.4 ms        │ or fix the port: nothing    │
      │    │ Connection refused   │ nginx.conf:13         │ http: skipped (tcp failed)         │ listens at this address     │
      │    │                      │                       │                                    │ (\`ss -ltnp\` on the host).   │
      ├────┼──────────────────────┼───────────────────────┼────────────────────────────────────┼─────────────────────────────┤
      │ 2  │ CRIT                 │ users →               │ certificate CN=users-2.internal,   │ Renew the upstream          │
      │    │ tls-cert-expired     │ users-2.internal:8443 │ O="Acme <&> Co" expired            │ certificate and reload the  │
      │    │ Upstream certificate │ nginx.conf:14         │ 2026-10-01T00:00:00Z (51 days ago) │ upstream; automate renewal  │
      │    │ expired              │                       │ issuer: 100% internal | CA         │ (cert-manager, ACME) with   │
      │    │                      │                       │ second line                        │ expiry alerts.              │
      ├────┼──────────────────────┼───────────────────────┼────────────────────────────────────┼─────────────────────────────┤
      │ 3  │ WARN                 │ billing →             │ upstream 'billing' has 1 server    │ Run at least two members    │
      │    │ config-single-member │ [::1]:9000            │                                    │ behind the group so one     │
      │    │ Group has a single   │ billing.conf:3        │                                    │ failure or deploy does not  │
      │    │ member               │                       │                                    │ take the route down.        │
      └────┴──────────────────────┴───────────────────────┴────────────────────────────────────┴─────────────────────────────┘
      Ignored by config (accepted risks): config-upstream-http10 (whole config)

      no healthy upstream for \`users\`: 1/2 target(s) refuse connections, 1/2 target(s) serve an expired certificate
      \`billing\` is healthy: 1/1 target(s) pass
      overall: no-healthy-upstream — 2 group(s), 1 with no healthy upstream, 0 degraded

      Next: \`uh explain tcp-refused\` (runbooks/tcp-refused.md) — how to confirm it by hand, fix it, prevent it.
      "
    `);
  });

  it('colours only when asked, and the text is the same without the codes', () => {
    const plain = tableReporter(SAMPLE_DIAGNOSIS, { color: false, version: '0.0.0', width: 120 });
    const coloured = tableReporter(SAMPLE_DIAGNOSIS, { color: true, version: '0.0.0', width: 120 });
    // eslint-disable-next-line no-control-regex
    const ansi = /\u001b\[[0-9;]*m/g;
    expect(plain).not.toMatch(ansi);
    expect(coloured).toMatch(ansi);
    expect(coloured.replace(ansi, '')).toBe(plain);
  });

  it('says so when there is nothing to report', () => {
    const clean = { ...SAMPLE_DIAGNOSIS, verdict: 'healthy' as const, findings: [], groups: SAMPLE_DIAGNOSIS.groups.slice(1) };
    const text = renderTable(clean);
    expect(text).toContain('No findings');
    expect(text).toContain('overall: healthy');
    expect(text).not.toContain('uh explain');
  });

  it('offline (uh lint): no health verdict is claimed for what was not probed', () => {
    const offline = {
      ...SAMPLE_DIAGNOSIS, offline: true, verdict: 'healthy' as const,
      groups: SAMPLE_DIAGNOSIS.groups.map((g) => ({ ...g, verdict: 'unknown' as const })),
    };
    const text = renderTable(offline);
    expect(text).toContain('`users`: unknown — not probed (offline)');
    expect(text).toContain('overall: static checks only (offline) — 2 group(s), 4 finding(s)');
    expect(text).not.toContain('overall: healthy');
  });

  it('uh lint with nothing to report says the config rules ran, never that probed targets passed', () => {
    const linted = {
      ...SAMPLE_DIAGNOSIS, offline: true, verdict: 'healthy' as const, findings: [],
      groups: SAMPLE_DIAGNOSIS.groups.map((g) => ({ ...g, verdict: 'unknown' as const, targets: g.targets.map((t) => ({ ...t, checks: [] })) })),
    };
    const text = renderTable(linted);
    expect(text).toContain('No findings from the config rules (offline: no target was probed');
    expect(text).not.toContain('every probed target passed');
  });
});
