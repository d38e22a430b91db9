import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { toEnvoy } from '../../src/export/to-envoy.js';
import type { GatewayConfig, UpstreamGroup } from '../../src/model/index.js';
import { groupView, groupsAndTargets, routeView } from '../convert/compare.js';
import { loadRich } from './export-helpers.js';

const ENVOY = spawnSync('envoy', ['--version']).status === 0;
const NO_ENVOY = ENVOY ? '' : ' (skipped: no envoy binary installed)';

describe('uh export --to envoy', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'uh-export-envoy-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function roundTrip(source: GatewayConfig): { text: string; back: GatewayConfig } {
    const text = toEnvoy(source);
    const path = join(dir, 'envoy.yaml');
    writeFileSync(path, text);
    return { text, back: loadConfig(path) };
  }

  it('round-trips uh → Envoy → uh: groups, members, checks, outlier detection, TLS, protocol and routes', () => {
    const source = loadRich(dir);
    const { back } = roundTrip(source);
    const sorted = (c: GatewayConfig): unknown =>
      Object.fromEntries(Object.entries(groupsAndTargets(c, { backup: false })).map(([k, v]) => [k, [...v].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))]));
    expect(sorted(back)).toEqual(sorted(source));
    // Envoy has no separate gRPC protocol at cluster level: h2 without TLS reads back as h2c.
    const view = (g: UpstreamGroup): unknown => groupView(g, { active: true, passive: true, protocol: g.protocol !== 'grpc' && g.protocol !== 'h2c' });
    expect(back.groups.map(view)).toEqual(source.groups.map(view));
    expect(back.groups.find((g) => g.name === 'grpc-users')!.protocol).toBe('h2c');
    // Envoy names the hash ring, not its key: ip_hash reads back as hash (the key is on the route).
    const envoyBalance = (b: string): string => (b === 'ip_hash' ? 'hash' : b === 'p2c' ? 'least_request' : b);
    expect(back.groups.map((g) => [g.name, g.balance, g.onAllUnhealthy, g.maxRequests])).toEqual(
      source.groups.map((g) => [g.name, envoyBalance(g.balance), g.onAllUnhealthy, g.maxRequests]),
    );
    expect(back.routes.map(routeView)).toEqual(
      [...source.routes].sort((a, b) => (a.match.host ? -1 : b.match.host ? 1 : 0)).map(routeView),
    );
  });

  it('writes backups at priority 1, drained members as DRAINING, and the retry policy on the route', () => {
    const doc = parseYaml(toEnvoy(loadRich(dir)));
    const users = doc.static_resources.clusters[0];
    expect(users.load_assignment.endpoints[1]).toEqual({
      priority: 1,
      lb_endpoints: [{ endpoint: { address: { socket_address: { address: '::1', port_value: 9001 } } } }],
    });
    expect(users.load_assignment.endpoints[0].lb_endpoints[2].health_status).toBe('DRAINING');
    expect(users.circuit_breakers.thresholds[0]).toEqual({ priority: 'DEFAULT', max_requests: 100, retry_budget: { budget_percent: { value: 20 } } });
    const hcm = doc.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
    const usersRoute = hcm.route_config.virtual_hosts.find((v: { name: string }) => v.name === 'default').routes[0];
    expect(usersRoute).toEqual({
      match: { prefix: '/users' },
      route: {
        cluster: 'users',
        timeout: '30s',
        retry_policy: { retry_on: 'connect-failure,retriable-status-codes', num_retries: 2, retriable_status_codes: [503], retry_back_off: { base_interval: '0.025s', max_interval: '0.25s' } },
      },
    });
    expect(doc.static_resources.clusters[1].transport_socket.typed_config.sni).toBe('billing.internal');
    const legacyRoute = hcm.route_config.virtual_hosts.find((v: { name: string }) => v.name === 'default').routes[2];
    expect(legacyRoute.route.hash_policy).toEqual([{ connection_properties: { source_ip: true } }]);
  });

  it.skipIf(!ENVOY)(`envoy --mode validate accepts what export writes${NO_ENVOY}`, () => {
    const path = join(dir, 'envoy.yaml');
    writeFileSync(path, toEnvoy(loadRich(dir)));
    const run = spawnSync('envoy', ['--mode', 'validate', '-c', path], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
  });
});
