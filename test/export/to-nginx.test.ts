import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { toNginx } from '../../src/export/to-nginx.js';
import type { GatewayConfig, UpstreamGroup } from '../../src/model/index.js';
import { groupView, groupsAndTargets, routeView } from '../convert/compare.js';
import { loadRich, writeNginxMain } from './export-helpers.js';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'].find((p) => spawnSync(p, ['-v']).status === 0);
const NO_NGINX = NGINX === undefined ? ' (skipped: no nginx binary installed; CI installs nginx-light)' : '';

describe('uh export --to nginx', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'uh-export-nginx-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function roundTrip(source: GatewayConfig, plus: boolean): { text: string; back: GatewayConfig } {
    const text = toNginx(source, { plus });
    return { text, back: loadConfig(writeNginxMain(dir, text)) };
  }

  it('writes upstream blocks with weights, backup, down, passive checks and connection limits', () => {
    const text = toNginx(loadRich(dir), { plus: false });
    expect(text).toContain([
      'upstream users {',
      '    zone users 64k;',
      '    least_conn;',
      '    server 127.0.0.1:9001 weight=3 max_fails=5 fail_timeout=10s max_conns=100;',
      '    server 127.0.0.2:9001 max_fails=5 fail_timeout=10s max_conns=100;',
      '    server [::1]:9001 max_fails=5 fail_timeout=10s max_conns=100 backup;',
      '    server 127.0.0.3:9001 max_fails=5 fail_timeout=10s max_conns=100 down;',
      '    keepalive 32;',
      '}',
    ].join('\n'));
    expect(text).toContain('        proxy_next_upstream error http_503;\n        proxy_next_upstream_tries 3;');
    expect(text).toContain('        grpc_pass grpc://grpc-users;');
    expect(text).not.toMatch(/^\s+health_check /m);
    expect(text).toMatch(/# note: users: the active http check \/healthz every 5s.*needs NGINX Plus/);
  });

  it('round-trips uh → nginx → uh: same groups, members, TLS, connect timeouts, passive checks and routes', () => {
    const source = loadRich(dir);
    const { back } = roundTrip(source, false);
    expect(groupsAndTargets(back)).toEqual(groupsAndTargets(source));
    const view = (g: UpstreamGroup): unknown => groupView(g, { active: false, passive: g.name === 'users', protocol: g.name !== 'billing' });
    expect(back.groups.map(view)).toEqual(source.groups.map(view));
    const byPath = (c: GatewayConfig): unknown => c.routes.map(routeView).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(byPath(back)).toEqual(byPath(source));
    expect(back.groups.find((g) => g.name === 'billing')!.protocol).toBe('http1');
  });

  it('with --plus, the active checks round-trip too (health_check + match)', () => {
    const source = loadRich(dir);
    const { text, back } = roundTrip(source, true);
    expect(text).toContain('match users_health {\n    status 200 300-399;\n    body ~ \'ok\';\n}');
    expect(text).toContain('health_check interval=5s fails=3 passes=2 uri=/healthz match=users_health;');
    const active = (c: GatewayConfig, name: string): unknown => {
      const a = c.groups.find((g) => g.name === name)!.health.active!;
      return { path: a.path, intervalMs: a.intervalMs, rise: a.rise, fall: a.fall, expectStatus: a.expectStatus, grpcService: a.grpcService };
    };
    for (const name of ['users', 'billing', 'grpc-users']) expect(active(back, name), name).toEqual(active(source, name));
  });

  it('keeps backups valid: nginx forbids backup with ip_hash/hash/random, so the method falls back with a note', () => {
    const source = loadRich(dir);
    const legacy = source.groups.find((g) => g.name === 'legacy')!;
    const withBackup: GatewayConfig = {
      ...source,
      groups: [{ ...legacy, name: 'odd name!', targets: [...legacy.targets, { ...legacy.targets[0]!, address: '10.3.0.2:8080', host: '10.3.0.2', backup: true }] }],
      routes: [],
    };
    const text = toNginx(withBackup, { plus: false });
    expect(text).toContain('upstream odd_name_ {');
    expect(text).not.toContain('ip_hash;');
    expect(text).toContain('# note: odd name!: nginx does not allow backup servers with "ip_hash"; round robin keeps the backups');
  });

  it.skipIf(NGINX === undefined)(`nginx -t accepts what export writes${NO_NGINX}`, () => {
    const main = writeNginxMain(dir, toNginx(loadRich(dir), { plus: false }));
    const run = spawnSync(NGINX!, ['-t', '-q', '-c', main, '-p', dir], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
