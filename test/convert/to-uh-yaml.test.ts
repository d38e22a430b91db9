import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { toUhYaml } from '../../src/convert/to-uh-yaml.js';
import type { GatewayConfig } from '../../src/model/index.js';
import { groupView, groupsAndTargets, routeView } from './compare.js';

const RICH = new URL('./fixtures/rich.yaml', import.meta.url).pathname;

const ENVOY = `static_resources:
  clusters:
  - name: api
    type: STATIC
    connect_timeout: 0.5s
    lb_policy: MAGLEV
    load_assignment:
      cluster_name: api
      endpoints:
      - lb_endpoints:
        - endpoint: {address: {socket_address: {address: 10.0.0.1, port_value: 8080}}}
          load_balancing_weight: 2
        - endpoint: {address: {socket_address: {address: 10.0.0.2, port_value: 8080}}}
          health_status: DRAINING
    health_checks:
    - timeout: 1s
      interval: 5s
      unhealthy_threshold: 3
      healthy_threshold: 2
      http_health_check: {path: /ready}
  - name: dynamic
    type: EDS
    connect_timeout: 1s
    eds_cluster_config: {eds_config: {ads: {}}}
`;

describe('uh convert: a gateway config as uh YAML', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'uh-convert-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Convert, write, and read back with the real uh parser. */
  function roundTrip(config: GatewayConfig): { yaml: string; back: GatewayConfig } {
    const yaml = toUhYaml(config);
    const path = join(dir, 'converted.uh.yaml');
    writeFileSync(path, yaml);
    return { yaml, back: loadConfig(path, { format: 'uh' }) };
  }

  it('uh → uh keeps every group setting, route and top-level key', () => {
    const source = loadConfig(RICH);
    const { back } = roundTrip(source);
    const strip = (c: GatewayConfig): unknown =>
      c.groups.map((g) => ({ ...g, loc: undefined, resolvers: undefined, targets: g.targets.map((t) => ({ ...t, loc: undefined })),
        tls: g.tls ? { ...g.tls, loc: undefined, declared: undefined } : undefined,
        health: {
          active: g.health.active ? { ...g.health.active, loc: undefined, declared: undefined } : undefined,
          passive: g.health.passive ? { ...g.health.passive, loc: undefined, declared: undefined } : undefined,
        } }));
    expect(strip(back)).toEqual(strip(source));
    expect(back.routes.map(routeView)).toEqual(source.routes.map(routeView));
    expect(back.routes.map((r) => r.match.method)).toEqual(source.routes.map((r) => r.match.method));
    expect(back.serve).toEqual(source.serve);
    expect(back.ignore).toEqual(['config-single-member']);
    expect(back.resolvers.map((r) => `${r.host}:${r.port}`)).toEqual(['127.0.0.1:5353']);
  });

  it('names the source file:line of every group and route in a comment', () => {
    const { yaml } = roundTrip(loadConfig(RICH));
    expect(yaml).toMatch(/^# uh config converted from rich\.yaml \(uh\) by uh convert\./);
    expect(yaml).toContain('  # from rich.yaml:8\n  users:\n');
    expect(yaml).toMatch(/ {2}# from rich\.yaml:\d+ \(route, 127\.0\.0\.1:18080\)\n {2}- match:\n {6}path_prefix: \/users\n/);
  });

  it('Envoy → uh keeps groups, members, weights, drained members and the check; says what it cannot carry', () => {
    const path = join(dir, 'envoy.yaml');
    writeFileSync(path, ENVOY);
    const source = loadConfig(path);
    const { yaml, back } = roundTrip(source);
    expect(groupsAndTargets(back)).toEqual(groupsAndTargets(source));
    expect(groupView(back.groups[0]!, { active: true, passive: true, protocol: true })).toEqual(
      groupView(source.groups[0]!, { active: true, passive: true, protocol: true }),
    );
    expect(back.groups[0]!.onAllUnhealthy).toBe('fail_open');
    expect(yaml).toContain('# note: balance MAGLEV has no uh equivalent; uh uses p2c');
    expect(yaml).toMatch(/# left out: group from envoy\.yaml:\d+: group dynamic: endpoints come from service discovery \(EDS\)/);
    expect(parseYaml(yaml).upstreams.dynamic).toBeUndefined();
  });

  it('Envoy outlier_detection (every 5xx counts) is written as the range 500-599, read back as the same statuses, and inspect shows the range', async () => {
    const path = join(dir, 'envoy.yaml');
    writeFileSync(path, `${ENVOY.split('  - name: dynamic')[0]}    outlier_detection: {}\n`);
    const source = loadConfig(path);
    const { yaml, back } = roundTrip(source);
    expect(parseYaml(yaml).upstreams.api.health.passive.unhealthy_statuses).toEqual(['500-599']);
    expect(back.groups[0]!.health.passive!.unhealthyStatuses).toEqual(source.groups[0]!.health.passive!.unhealthyStatuses);
    expect(back.groups[0]!.health.passive!.unhealthyStatuses).toHaveLength(100);
    const { inspectText } = await import('../../src/report/inspect-text.js');
    expect(inspectText(source, { color: false })).toContain('statuses 500-599)');
  });

  it('nginx → uh says that a resolver\'s ipv6=off cannot be carried', () => {
    const path = join(dir, 'nginx.conf');
    writeFileSync(path, 'events {}\nhttp {\n  resolver 10.0.0.53 ipv6=off;\n  upstream app { zone app 64k; server app.internal:80 resolve; }\n  server { location / { proxy_pass http://app; } }\n}\n');
    const { yaml, back } = roundTrip(loadConfig(path));
    expect(yaml).toContain('# left out: ipv6=off on a resolver (uh YAML asks its resolvers for A and AAAA)');
    expect(back.resolvers.map((r) => r.host)).toEqual(['10.0.0.53']);
  });
});
