#!/usr/bin/env node
// Benchmark (by hand, not CI): `uh diagnose` on 1,000 loopback targets (healthy, refused and hanging
// mixed) next to Prometheus' blackbox_exporter probing the same targets at the same concurrency,
// measured in one run. Everything listens on 127.0.0.1; nothing else is contacted.
//
//   npm run build && node bench/diagnose-vs-blackbox.mjs        (needs prometheus-blackbox-exporter)
//   TARGETS=1000 HEALTHY=0.6 REFUSED=0.2 CONCURRENCY=64 TIMEOUT_MS=1000 ROUNDS=3
//
// uh runs twice per round: as shipped, and with `--patience 1` (it stops listening at the check
// timeout, as blackbox does, so it can no longer tell a hung upstream from a slow one). The second
// row separates what uh's probing costs from what its deliberate extra listening costs.
//
// Ratios in the same run are what counts: absolute seconds on a shared 2-core VM are noise.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const UH = join(here, '..', 'bin', 'uh.js');
const TARGETS = Number(process.env.TARGETS ?? 1000);
const HEALTHY = Number(process.env.HEALTHY ?? 0.6);
const REFUSED = Number(process.env.REFUSED ?? 0.2);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 64);
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const BLACKBOX = process.env.BLACKBOX ?? 'prometheus-blackbox-exporter';

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));

async function startTargets() {
  const servers = [];
  const sockets = new Set();
  const ports = { healthy: [], refused: [], hanging: [] };
  const nHealthy = Math.round(TARGETS * HEALTHY);
  const nRefused = Math.round(TARGETS * REFUSED);
  for (let i = 0; i < nHealthy; i++) {
    const s = http.createServer((req, res) => res.end('ok'));
    servers.push(s);
    ports.healthy.push(await listen(s));
  }
  for (let i = 0; i < nRefused; i++) {
    const s = net.createServer();
    const port = await listen(s);
    await new Promise((r) => s.close(r));
    ports.refused.push(port);
  }
  for (let i = 0; i < TARGETS - nHealthy - nRefused; i++) {
    const s = net.createServer((sock) => { sockets.add(sock); sock.on('close', () => sockets.delete(sock)); sock.on('error', () => {}); });
    servers.push(s);
    ports.hanging.push(await listen(s));
  }
  const close = async () => { for (const s of sockets) s.destroy(); await Promise.all(servers.map((s) => new Promise((r) => s.close(r)))); };
  return { ports, close };
}

function uhConfig(allPorts) {
  const lines = ['upstreams:'];
  for (let g = 0; g * 10 < allPorts.length; g++) {
    lines.push(`  g${g}:`, '    targets:');
    for (const port of allPorts.slice(g * 10, g * 10 + 10)) lines.push(`      - address: 127.0.0.1:${port}`);
    lines.push('    health:', '      active:', '        path: /', `        timeout: ${TIMEOUT_MS}ms`, `        interval: ${TIMEOUT_MS * 5}ms`);
  }
  return `${lines.join('\n')}\n`;
}

// Async on purpose: the target servers live in this process and must keep answering while uh runs.
async function runUh(dir, allPorts, extraArgs = []) {
  const file = join(dir, 'uh.yaml');
  writeFileSync(file, uhConfig(allPorts));
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [UH, 'diagnose', file, '--format', 'json', '--samples', '1',
    '--concurrency', String(CONCURRENCY), '--timeout', `${TIMEOUT_MS}ms`, '--deadline', '600s', ...extraArgs],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = ''; let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  const status = await new Promise((resolve) => child.on('close', resolve));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (status !== 0 && status !== 1) throw new Error(`uh exited ${status}: ${stderr}`);
  const doc = JSON.parse(stdout);
  const targets = doc.groups.flatMap((g) => g.targets);
  return { seconds, healthy: targets.filter((t) => t.healthy).length, findings: doc.findings.length,
    checks: targets.reduce((n, t) => n + t.checks.length, 0) };
}

async function startBlackbox(dir) {
  const file = join(dir, 'blackbox.yml');
  writeFileSync(file, `modules:\n  http_2xx:\n    prober: http\n    timeout: ${TIMEOUT_MS}ms\n    http:\n      preferred_ip_protocol: ip4\n`);
  const picker = net.createServer();
  const port = await listen(picker); // pick a free port, then hand it over (a bind race is acceptable in a bench)
  await new Promise((r) => picker.close(r));
  const child = spawn(BLACKBOX, [`--config.file=${file}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/-/healthy`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (ok) return { port, stop: () => child.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 100)); // bounded start-up poll (100 × 100 ms) of an external binary
  }
  child.kill('SIGKILL');
  throw new Error('blackbox_exporter did not start');
}

async function runBlackbox(port, allPorts) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0; let success = 0;
  const probeOne = (target) => new Promise((resolve) => {
    const url = `http://127.0.0.1:${port}/probe?module=http_2xx&target=${encodeURIComponent(`http://127.0.0.1:${target}/`)}`;
    http.get(url, { agent }, (res) => {
      let body = ''; res.setEncoding('utf8'); res.on('data', (d) => { body += d; });
      res.on('end', () => { if (/^probe_success 1$/m.test(body)) success++; resolve(); });
    }).on('error', resolve);
  });
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < allPorts.length) await probeOne(allPorts[next++]);
  }));
  agent.destroy();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, healthy: success };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (spawnSync(BLACKBOX, ['--version']).error) {
    console.error(`${BLACKBOX} not found: apt-get install prometheus-blackbox-exporter`);
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'uh-bench-'));
  const { ports, close } = await startTargets();
  const allPorts = [...ports.healthy, ...ports.refused, ...ports.hanging].sort(() => Math.random() - 0.5);
  const bb = await startBlackbox(dir);
  const rows = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const b = await runBlackbox(bb.port, allPorts);
      const u = await runUh(dir, allPorts);
      const u1 = await runUh(dir, allPorts, ['--patience', '1']);
      rows.push({ round, uh: u, uhPatience1: u1, blackbox: b });
      console.log(`round ${round + 1}: uh ${u.seconds.toFixed(2)} s (${u.healthy} healthy, ${u.checks} checks, ${u.findings} findings) | uh --patience 1 ${u1.seconds.toFixed(2)} s | blackbox ${b.seconds.toFixed(2)} s (${b.healthy} probe_success) | ratio uh/blackbox ${(u.seconds / b.seconds).toFixed(2)}, with --patience 1 ${(u1.seconds / b.seconds).toFixed(2)}`);
    }
  } finally {
    bb.stop();
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
  const uhMed = median(rows.map((r) => r.uh.seconds));
  const uh1Med = median(rows.map((r) => r.uhPatience1.seconds));
  const bbMed = median(rows.map((r) => r.blackbox.seconds));
  console.log(`\n${TARGETS} targets (${ports.healthy.length} healthy, ${ports.refused.length} refused, ${ports.hanging.length} hanging), concurrency ${CONCURRENCY}, timeout ${TIMEOUT_MS} ms`);
  console.log(`median wall time: uh ${uhMed.toFixed(2)} s, uh --patience 1 ${uh1Med.toFixed(2)} s, blackbox_exporter ${bbMed.toFixed(2)} s`);
  console.log(`ratio uh/blackbox ${(uhMed / bbMed).toFixed(2)}, with --patience 1 ${(uh1Med / bbMed).toFixed(2)} (below 1 = uh faster)`);
}

main().catch((err) => { console.error(err); process.exit(1); });
