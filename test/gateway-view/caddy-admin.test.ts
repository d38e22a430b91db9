/**
 * Debian's real Caddy (admin API on a free loopback port, a temp Caddyfile) in front of one
 * refused and one healthy upstream, with Caddy's passive health checking on.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { healthyServer } from '../../src/demo/faults/http-servers.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import { CADDY_NO_HEALTH_STATE } from '../../src/gateway-view/caddy-admin.js';
import { runUh } from '../cli/helpers.js';
import { hostsFile } from '../helpers/probe-context.js';
import { closedAfterEach } from '../helpers/running-faults.js';
import type { RunningGateway } from '../helpers/real-gateway.js';
import { CADDY, freePort, has, startGateway, until } from '../helpers/real-gateway.js';

const faults = closedAfterEach();
let gateways: RunningGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.map((g) => g.stop()));
  gateways = [];
});

describe.skipIf(!has(CADDY))('Caddy admin API (Debian caddy, real admin on loopback)', () => {
  it('reads /reverse_proxy/upstreams (kind detected), puts Caddy\'s fail count beside uh\'s probe, and says plainly it has no health state', async () => {
    const refused = await refusedPort();
    const up = await faults.start(healthyServer());
    const [adminPort, port] = [await freePort(), await freePort()];
    const gateway = startGateway(CADDY, (dir) => ['run', '--config', path.join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
      Caddyfile: [
        '{',
        `  admin 127.0.0.1:${adminPort}`,
        '  auto_https off',
        '}',
        `http://127.0.0.1:${port} {`,
        `  reverse_proxy 127.0.0.1:${refused} ${up.address} {`,
        '    lb_policy first',
        '    fail_duration 30s',
        '  }',
        '}',
      ].join('\n') + '\n',
    }, (dir) => ({ XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, HOME: dir }));
    gateways.push(gateway);
    // Traffic through Caddy: `first` tries the refused upstream, counts a fail, and falls back.
    await until('Caddy to count a failure on the refused upstream', async () => {
      try {
        await fetch(`http://127.0.0.1:${port}/`);
        const list = await (await fetch(`http://127.0.0.1:${adminPort}/reverse_proxy/upstreams`)).json() as { address: string; fails: number }[];
        return list.some((u) => u.address === `127.0.0.1:${refused}` && u.fails > 0) ? true : undefined;
      } catch {
        return undefined;
      }
    }, gateway);
    const uhYaml = path.join(gateway.dir, 'uh.yaml');
    writeFileSync(uhYaml, `upstreams:\n  app:\n    targets:\n      - address: 127.0.0.1:${refused}\n      - address: ${up.address}\n`);
    const run = await runUh(['diagnose', uhYaml, '--admin', `http://127.0.0.1:${adminPort}`, '--format', 'json', '--samples', '1', '--hosts-file', hostsFile()]);
    const doc = JSON.parse(run.stdout) as { gateway: { sources: { source: string; notes: string[] }[] }; findings: { cause: string; evidence: string[] }[] };
    expect(doc.gateway.sources).toEqual([expect.objectContaining({ source: 'caddy-admin', outcome: 'read', notes: [CADDY_NO_HEALTH_STATE] })]);
    expect(doc.findings.find((f) => f.cause === 'tcp-refused')!.evidence.join('\n')).toMatch(/caddy admin: fails [1-9]\d*, num_requests 0 in flight · uh: tcp connect ECONNREFUSED/);
    // Caddy's healthy-looking upstream is no finding of its own: it has no health state to disagree with.
    expect(doc.findings.map((f) => f.cause)).not.toContain('gateway-view-disagrees');
  });
});
