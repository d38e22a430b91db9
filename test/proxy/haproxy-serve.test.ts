/**
 * `uh serve haproxy.cfg`: the frontends' use_backend/default_backend rules route, and HAProxy's
 * defaults hold a failover (retries 3 on a refused connection go to another server, as with
 * `option redispatch`). What serve does not emulate is listed at start.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { refusedPort } from '../../src/demo/faults/tcp.js';
import type { GatewayConfig } from '../../src/model/index.js';
import { HAPROXY_DEFAULTS } from '../helpers/haproxy-check.js';
import { client, closedAfterEach, get, serve, startUpstream } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function load(text: string): GatewayConfig {
  const dir = mkdtempSync(path.join(tmpdir(), 'uh-serve-haproxy-'));
  dirs.push(dir);
  const file = path.join(dir, 'haproxy.cfg');
  writeFileSync(file, text);
  return loadConfig(file);
}

describe('uh serve haproxy.cfg', () => {
  const run = closedAfterEach();

  async function start(backends: (ports: { api: string; www: string; dead: string }) => string, frontend: string): Promise<{ api: number; www: number; events: Record<string, unknown>[] }> {
    const api = await startUpstream('api');
    const www = await startUpstream('www');
    run.ups.push(api, www);
    const dead = `127.0.0.1:${await refusedPort()}`;
    const config = load(`${HAPROXY_DEFAULTS}frontend web
    bind 127.0.0.1:8080
${frontend}

${backends({ api: api.address, www: www.address, dead })}
`);
    const { proxy, log } = await serve(config);
    run.proxy = proxy;
    run.agent = client();
    return { get api() { return api.hits; }, get www() { return www.hits; }, events: log.events };
  }

  it('routes by the frontend: use_backend on path and Host first, then default_backend', async () => {
    const hits = await start(({ api, www }) => `backend api\n    server a1 ${api}\n\nbackend www\n    server w1 ${www}`,
      '    acl is_api path_beg /api\n    acl ex hdr_dom(host) -i example.org\n    default_backend www\n    use_backend api if is_api || ex');
    const url = run.proxy!.address.url;
    expect((await get(run.agent!, `${url}/api/users`)).text).toBe('api');
    expect((await get(run.agent!, `${url}/`, { host: 'shop.example.org' })).text).toBe('api');
    expect((await get(run.agent!, `${url}/`)).text).toBe('www');
    expect([hits.api, hits.www]).toEqual([2, 1]);
  });

  it('HAProxy\'s default retries carry a request past a refused server to the live one: no client sees the failure', async () => {
    const hits = await start(({ api, dead }) => `backend api\n    option httpchk GET /health\n    server a1 ${dead} check\n    server a2 ${api} check`, '    default_backend api');
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(run.agent!, `${run.proxy!.address.url}/x`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    expect(hits.api).toBeGreaterThanOrEqual(6);
  });

  it('`retries 0` is honoured: a request sent to the refused server fails', async () => {
    await start(({ api, dead }) => `backend api\n    retries 0\n    balance roundrobin\n    server a1 ${dead}\n    server a2 ${api}`, '    default_backend api');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(run.agent!, `${run.proxy!.address.url}/x`)).status);
    expect(statuses).toContain(502);
    expect(statuses).toContain(200);
  });

  it('a condition uh cannot evaluate is never taken, and says so at start with what serve does not emulate', async () => {
    const hits = await start(({ api, www }) => `backend api\n    server a1 ${api}\n\nbackend www\n    server w1 ${www}`,
      '    use_backend api unless { src 10.0.0.0/8 }\n    default_backend www');
    expect((await get(run.agent!, `${run.proxy!.address.url}/`)).text).toBe('www');
    expect(hits.api).toBe(0);
    const messages = hits.events.filter((e) => e['event'] === 'not-emulated').map((e) => String(e['message']));
    expect(messages[0]).toMatch(/^haproxy: only backend\/listen servers/);
    expect(messages.join('\n')).toMatch(/use_backend api unless \{ src 10\.0\.0\.0\/8 \}: never taken \('unless' conditions are not evaluated by uh\)/);
    expect(messages.join('\n')).toMatch(/group api: without option redispatch HAProxy retries the same server/);
  });
});
