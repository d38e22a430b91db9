import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { toHaproxy } from '../../src/export/to-haproxy.js';
import type { GatewayConfig, UpstreamGroup } from '../../src/model/index.js';
import { effectivePort } from '../../src/model/index.js';
import { groupView, routeView } from '../convert/compare.js';
import { ABSENT, WHY, checkableCorpusConfigs } from '../helpers/corpus.js';
import { hasHaproxy, haproxyCheck, unlessHaproxy } from '../helpers/haproxy-check.js';
import { loadRich } from './export-helpers.js';

describe('uh export --to haproxy', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'uh-export-haproxy-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(source: GatewayConfig, name = 'haproxy.cfg'): string {
    const path = join(dir, name);
    writeFileSync(path, toHaproxy(source));
    return path;
  }

  it('round-trips uh → haproxy.cfg → uh: members, checks, TLS, timeouts and routes', () => {
    const source = loadRich(dir);
    const back = loadConfig(write(source));
    expect(back.source.format).toBe('haproxy');
    const members = (c: GatewayConfig): unknown => c.groups.map((g) => [g.name, g.targets.map((t) => [t.address, t.weight, t.backup, t.down])]);
    expect(members(back)).toEqual(members(source));
    // HAProxy has no gRPC or MCP check and no gRPC protocol: grpc-users reads back as h2c with a TCP check.
    const grpc = (g: UpstreamGroup): boolean => g.name === 'grpc-users';
    const view = (g: UpstreamGroup): unknown => groupView(g, { active: !grpc(g), passive: false, protocol: !grpc(g) });
    expect(back.groups.map(view)).toEqual(source.groups.map(view));
    expect(back.groups.find((g) => g.name === 'grpc-users')!.protocol).toBe('h2c');
    expect(back.groups.map((g) => [g.name, g.balance, g.maxRequests, g.retries?.attempts])).toEqual([
      ['users', 'least_request', 100, 2], ['billing', 'round_robin', undefined, 3], ['grpc-users', 'round_robin', undefined, 3], ['legacy', 'ip_hash', undefined, 3],
    ]);
    expect(back.groups[0]!.health.active).toMatchObject({ expectBody: { kind: 'substring', value: 'ok' }, timeoutMs: 1000 });
    expect(back.routes.map(routeView)).toEqual(source.routes.map(routeView));
    expect(back.routes[2]!.match.method).toBe('POST');
  });

  it('names in a note what HAProxy cannot express, and leaves out a route to a missing group', () => {
    const source = loadRich(dir);
    const text = toHaproxy({ ...source, routes: [...source.routes, { match: { pathPrefix: '/x' }, upstream: 'nope', via: 'uh', loc: source.routes[0]!.loc }] });
    expect(text).toMatch(/^# note: users: passive ejection/m);
    expect(text).toMatch(/^# note: legacy: on_all_unhealthy fail_open has no HAProxy equivalent/m);
    expect(text).toMatch(/^# note: route to nope \(line \d+\) names no defined group; left out/m);
    expect(text).not.toMatch(/use_backend nope/);
  });

  it.skipIf(!hasHaproxy)(`haproxy -c accepts what export writes${unlessHaproxy}`, () => {
    const verdict = haproxyCheck(write(loadRich(dir)));
    expect(verdict.accepted, verdict.alerts).toBe(true);
  });

  /** haproxy -c resolves host names and opens CA files: only configs with literal addresses and no TLS files are checked. */
  it.skipIf(ABSENT || !hasHaproxy)(`haproxy -c accepts the export of every corpus config with literal addresses, which reads back to the same members${WHY}${unlessHaproxy}`, () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { index: i, rel, config: source } of checkableCorpusConfigs()) {
      const path = write(source, `${i}.cfg`);
      const verdict = haproxyCheck(path);
      if (!verdict.accepted) failures.push(`${rel}: ${verdict.alerts}`);
      const ports = (c: GatewayConfig): string[] => c.groups.flatMap((g) => g.targets.map((t) => `${g.name} ${t.host}:${effectivePort(t) ?? '-'}`)).sort();
      expect(ports(loadConfig(path)), rel).toEqual(ports(source).map((p) => p.replace(/^(\S+)/, (n) => n.replace(/[^A-Za-z0-9_.:-]/g, '_'))).sort());
      checked++;
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});
