#!/usr/bin/env node
// bench/soak: `uh serve` under steady load for SOAK_MINUTES (default 10) with one of its two
// targets flapping (killed: listener closed and sockets destroyed, then back), reporting the uh
// process's open fds, RSS, heap and event-loop delay over time, and whether they come back once the
// load stops. Everything is on 127.0.0.1; every server and child is closed on exit.
//
//   node bench/soak/run.mjs                       # 10 minutes
//   SOAK_MINUTES=2 nice node bench/soak/run.mjs   # a short run on a shared machine
//
// ENV (defaults): SOAK_MINUTES=10 SOAK_CONNS=50 SAMPLE_S=10 FLAP_EVERY_S=20 FLAP_DOWN_S=5
//   UH_CONFIG=(generated: two targets and an active check, uh's defaults for the rest)
//   OUT_JSON=/tmp/uh-soak.json
// Figures are indicative: the load generator and the upstreams share the machine with uh.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Agent, request } from 'undici';
import { freePort } from '../lib/free-port.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const conns = Number(process.env.SOAK_CONNS ?? 50);
const sampleS = Number(process.env.SAMPLE_S ?? 10);
const flapEveryS = Number(process.env.FLAP_EVERY_S ?? 20);
const flapDownS = Number(process.env.FLAP_DOWN_S ?? 5);
const outJson = process.env.OUT_JSON ?? '/tmp/uh-soak.json';

/** An upstream that can die and come back on the same port. */
async function upstream(name) {
  const sockets = new Set();
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain' }).end(name);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  return {
    address: `127.0.0.1:${port}`,
    async kill() {
      if (!server.listening) return;
      const closed = once(server, 'close');
      server.close();
      for (const s of sockets) s.destroy();
      await closed;
    },
    async revive() {
      if (server.listening) return;
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'uh-soak-'));
const probeOut = join(dir, 'probe.jsonl');
const a = await upstream('a');
const b = await upstream('b');
const listenPort = await freePort();
const adminPort = await freePort();
const config = process.env.UH_CONFIG ?? join(dir, 'uh.yaml');
if (!process.env.UH_CONFIG) {
  writeFileSync(config, `listen: 127.0.0.1:${listenPort}
admin: 127.0.0.1:${adminPort}
access_log: off
upstreams:
  web:
    targets:
      - address: ${a.address}
      - address: ${b.address}
    health:
      active:
        path: /
`);
}
const uh = spawn(process.execPath, ['--import', pathToFileURL(join(HERE, 'loop-probe.mjs')).href, join(ROOT, 'bin', 'uh.js'), 'serve', config], {
  env: { ...process.env, UH_SOAK_PROBE_OUT: probeOut, UH_SOAK_PROBE_MS: String(sampleS * 1000) },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let uhErr = '';
uh.stderr.on('data', (c) => { uhErr = (uhErr + c).slice(-4000); });
const cleanup = () => {
  if (uh.exitCode === null) uh.kill('SIGTERM');
  a.close();
  b.close();
};
process.once('SIGINT', () => { cleanup(); process.exit(130); });
process.once('uncaughtException', (err) => { cleanup(); console.error(err); process.exit(1); });

const base = `http://127.0.0.1:${listenPort}`;
const agent = new Agent({ connections: conns, keepAliveTimeout: 4000 });
for (let i = 0; ; i++) {
  if (i > 100) throw new Error(`uh serve did not answer on ${base} within 10 s: ${uhErr}`);
  const ok = await request(`${base}/`, { dispatcher: agent }).then((r) => r.body.text().then(() => true), () => false);
  if (ok) break;
  await new Promise((r) => setTimeout(r, 100));
}

const t0 = Date.now();
const endAt = t0 + minutes * 60_000;
const statuses = new Map();
let done = 0;
let windowDone = 0;
const perSample = [];
let running = true;
async function worker() {
  while (running && Date.now() < endAt) {
    const status = await request(`${base}/item`, { dispatcher: agent, headersTimeout: 10_000, bodyTimeout: 10_000 })
      .then(async (r) => { await r.body.text(); return r.statusCode; }, (err) => err.code ?? 'error');
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    done++;
    windowDone++;
  }
}
// b flaps: down FLAP_DOWN_S every FLAP_EVERY_S.
let flaps = 0;
let reviveTimer;
const flapper = setInterval(async () => {
  flaps++;
  await b.kill();
  reviveTimer = setTimeout(() => void b.revive(), flapDownS * 1000);
}, flapEveryS * 1000);
const sampler = setInterval(() => {
  perSample.push({ at: Math.round((Date.now() - t0) / 1000), rps: Math.round(windowDone / sampleS) });
  windowDone = 0;
}, sampleS * 1000);
await Promise.all(Array.from({ length: conns }, worker));
running = false;
clearInterval(flapper);
clearInterval(sampler);
clearTimeout(reviveTimer);
await b.revive().catch(() => undefined);
await agent.close();
// Idle: two samples with no load, so the figures can come back down.
await new Promise((r) => setTimeout(r, (2 * sampleS + 1) * 1000));
const status = await request(`http://127.0.0.1:${adminPort}/status`).then((r) => r.body.json()).catch(() => undefined);
uh.kill('SIGTERM');
await once(uh, 'exit');
a.close();
b.close();

const probes = existsSync(probeOut) ? readFileSync(probeOut, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
rmSync(dir, { recursive: true, force: true });
// t: seconds since the load started (negative: uh starting up, before any load).
const rows = probes.map((p) => ({ ...p, t: Math.round((p.t - t0) / 1000), rps: perSample.find((s) => Math.abs(s.at - (p.t - t0) / 1000) < sampleS / 2)?.rps ?? 0 }));
const active = status?.groups?.flatMap((g) => g.targets.map((t) => t.active)) ?? [];
console.log(`uh serve soak: ${minutes} min, ${conns} connections, target b down ${flapDownS}s every ${flapEveryS}s (${flaps} flaps), ${done} requests`);
console.log(`answers: ${JSON.stringify(Object.fromEntries(statuses))}; per-target active requests after the load: ${JSON.stringify(active)}`);
console.log('');
console.log('t: seconds since the load started; load stops at ' + Math.round(minutes * 60) + ' s, then two idle samples. Loop delay: since the previous sample.');
console.log('| t (s) | req/s | fds | RSS MB | heap MB | loop p50 ms | loop p99 ms | loop max ms |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.t} | ${r.rps} | ${r.fds} | ${r.rssMB} | ${r.heapMB} | ${r.loopP50ms} | ${r.loopP99ms} | ${r.loopMaxMs} |`);
writeFileSync(outJson, `${JSON.stringify({ minutes, conns, flapEveryS, flapDownS, flaps, requests: done, statuses: Object.fromEntries(statuses), activeAfter: active, samples: rows }, null, 2)}\n`);
console.log(`\nJSON: ${outJson}`);
