import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Handler } from './helpers.js';
import { client, closedAfterEach, configFromYaml, get, serve, startUpstream, twoTargetsYaml } from './helpers.js';


const CLIENTS = 400;
const PIPELINED = 50;

/** One client: 50 GETs written at once on one connection, then gone when the first answer starts. */
function pipelineAndLeave(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('GET /item HTTP/1.1\r\nHost: shop\r\n\r\n'.repeat(PIPELINED)));
    socket.once('data', () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.once('close', () => resolve());
  });
}

interface Status {
  inFlight: number;
  groups: { targets: { address: string; active: number; requests: number }[] }[];
}

describe('uh serve: counters return to zero after clients that pipeline and leave', () => {
  const run = closedAfterEach(500);

  it(`${CLIENTS} clients that pipeline ${PIPELINED} GETs each and disconnect leave nothing in flight in /status and /metrics, and cost the targets at most two requests each, not ${PIPELINED}`, async () => {
    let items = 0;
    const countItems: Handler = (req, res) => {
      req.resume();
      if (req.url === '/item') items++;
      res.end('ok');
    };
    const a = await startUpstream('a', countItems);
    const b = await startUpstream('b', countItems);
    run.ups.push(a, b);
    ({ proxy: run.proxy } = await serve(configFromYaml(twoTargetsYaml(a, b))));
    const p = run.proxy;
    await Promise.all(Array.from({ length: CLIENTS }, () => pipelineAndLeave(p.address.port)));

    run.agent = client();
    const admin = p.adminAddress!.url;
    const status = async (): Promise<Status> => JSON.parse((await get(run.agent!, `${admin}/status`)).text) as Status;
    // Upstream answers still on their way finish by themselves; nothing may stay counted after that.
    await expect.poll(async () => (await status()).inFlight, { timeout: 60_000, interval: 200 }).toBe(0);
    const after = await status();
    // Served one at a time per connection, as nginx does: a client that leaves costs the targets the
    // request under way and at most the next one (its turn can come before the hang-up is read), not 50.
    expect(items).toBeLessThanOrEqual(2 * CLIENTS);
    expect(after.groups[0]!.targets.map((t) => t.active)).toEqual([0, 0]);
    for (const g of p.groups()) expect(g.budget.active).toBe(0);
    const metrics = (await get(run.agent, `${admin}/metrics`)).text;
    expect(metrics).toMatch(/^uh_in_flight_requests 0$/m);
    expect(metrics.match(/^uh_target_active_requests\{.*\} (\d+)$/gm)?.map((l) => l.split(' ').pop())).toEqual(['0', '0']);
  }, 120_000);
});

describe('uh serve: a client that pipelines and stays', () => {
  const run = closedAfterEach(500);

  it('gets every answer, in order: a queued request is forwarded when its turn comes', async () => {
    const a = await startUpstream('a', (req, res) => {
      req.resume();
      res.end(`answer to ${req.url}`);
    });
    run.ups.push(a);
    ({ proxy: run.proxy } = await serve(configFromYaml(`upstreams:\n  web:\n    targets:\n      - address: ${a.address}\n`)));
    const paths = ['/1', '/2', '/3', '/4', '/5'];
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(run.proxy!.address.port, '127.0.0.1', () => socket.write(paths.map((path) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`).join('')));
      let seen = '';
      socket.on('data', (c: Buffer) => {
        seen += c.toString('latin1');
        if (seen.includes('answer to /5')) {
          socket.destroy();
          resolve(seen);
        }
      });
      socket.on('error', reject);
    });
    expect([...text.matchAll(/answer to (\/\d)/g)].map((m) => m[1])).toEqual(paths);
    await expect.poll(() => run.proxy!.inFlight).toBe(0);
  });
});
