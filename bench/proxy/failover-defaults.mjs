#!/usr/bin/env node
// Failover with defaults, without wrk: real nginx (Debian's, its defaults: max_fails=1
// fail_timeout=10s, proxy_next_upstream error timeout), `uh serve` of the same nginx.conf, and
// `uh serve` of the uh YAML a user writes (two targets and an active check, nothing else), each in
// turn behind the same paced load while upstream 2 (its own process) is SIGKILLed and restarted.
// Reported per system: non-2xx answers, client errors, p99 and worst latency.
//
//   nice node bench/proxy/failover-defaults.mjs          # 20 s per system
// ENV (defaults): SYSTEMS=nginx,nginx.conf,yaml REPEAT=1 WARM_S=1 CONNS=20 DELAY_MS=5 DURATION_S=20 KILL_AT_S=5 RESTART_AT_S=12 NGINX=/usr/sbin/nginx
// Everything on 127.0.0.1; every process started here is stopped by its pid. Indicative only:
// the machine is shared and the load generator runs beside the proxies.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { freePort } from '../lib/free-port.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CONNS = Number(process.env.CONNS ?? 20);
const DELAY_MS = Number(process.env.DELAY_MS ?? 5);
const DURATION_S = Number(process.env.DURATION_S ?? 20);
const KILL_AT_S = Number(process.env.KILL_AT_S ?? 5);
const RESTART_AT_S = Number(process.env.RESTART_AT_S ?? 12);
const WARM_S = Number(process.env.WARM_S ?? 1);
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const dir = mkdtempSync(join(tmpdir(), 'uh-failover-'));
const children = new Set();

function start(cmd, args, name) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c) => { err = (err + c).slice(-2000); });
  child.name = name;
  child.lastErr = () => err;
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
}

/** An upstream in its own process, so a SIGKILL is a real death (the kernel resets its connections). */
function upstream(port, name) {
  const code = `require('node:http').createServer((q, s) => { q.resume(); s.end('${name}'); }).listen(${port}, '127.0.0.1')`;
  return start(process.execPath, ['-e', code], `upstream ${name}`);
}

async function answering(url, what, child) {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited: ${child.lastErr()}`);
    const ok = await request(url, { headersTimeout: 1000 }).then((r) => r.body.text().then(() => r.statusCode < 500), () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not answer at ${url}: ${child.lastErr()}`);
}

async function runOne(system) {
  const [p1, p2, listen, admin] = [await freePort(), await freePort(), await freePort(), await freePort()];
  let u1 = upstream(p1, 'u1');
  let u2 = upstream(p2, 'u2');
  await answering(`http://127.0.0.1:${p1}/`, 'upstream 1', u1);
  await answering(`http://127.0.0.1:${p2}/`, 'upstream 2', u2);
  const nginxConf = join(dir, `${system}-nginx.conf`);
  writeFileSync(nginxConf, `worker_processes 1;
daemon off;
pid ${dir}/${system}-nginx.pid;
error_log ${dir}/${system}-error.log;
events {}
http {
    access_log off;
    client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
    upstream backend {
        server 127.0.0.1:${p1};
        server 127.0.0.1:${p2};
    }
    server {
        listen 127.0.0.1:${listen};
        location / {
            proxy_pass http://backend;
        }
    }
}
`);
  const uhYaml = join(dir, `${system}-uh.yaml`);
  writeFileSync(uhYaml, `listen: 127.0.0.1:${listen}
admin: 127.0.0.1:${admin}
access_log: off
upstreams:
  web:
    targets:
      - address: 127.0.0.1:${p1}
      - address: 127.0.0.1:${p2}
    health:
      active:
        path: /
`);
  const uh = join(ROOT, 'bin', 'uh.js');
  const proxy =
    system === 'nginx'
      ? start(NGINX, ['-e', `${dir}/${system}-error.log`, '-c', nginxConf], 'nginx')
      : system === 'uh (nginx.conf)'
        ? start(process.execPath, [uh, 'serve', nginxConf, '--admin', `127.0.0.1:${admin}`], system)
        : start(process.execPath, [uh, 'serve', uhYaml], system);
  const base = `http://127.0.0.1:${listen}`;
  await answering(`${base}/`, system, proxy);

  const agent = new Agent({ connections: CONNS, keepAliveTimeout: 4000 });
  const statuses = new Map();
  const latencies = [];
  const t0 = Date.now();
  const endAt = t0 + DURATION_S * 1000;
  const killer = setTimeout(() => { u2.kill('SIGKILL'); }, KILL_AT_S * 1000);
  const restarter = setTimeout(() => { u2 = upstream(p2, 'u2'); }, RESTART_AT_S * 1000);
  const worker = async () => {
    while (Date.now() < endAt) {
      const s = performance.now();
      const status = await request(`${base}/item`, { dispatcher: agent, headersTimeout: 10_000, bodyTimeout: 10_000 })
        .then(async (r) => { await r.body.text(); return r.statusCode; }, (err) => err.code ?? 'error');
      latencies.push({ ms: performance.now() - s, at: (Date.now() - t0) / 1000 });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, DELAY_MS));
    }
  };
  await Promise.all(Array.from({ length: CONNS }, worker));
  clearTimeout(killer);
  clearTimeout(restarter);
  await agent.close();
  // uh's own account of the retries (admin /metrics): started, and refused by the budget.
  const metrics = system === 'nginx' ? '' : await request(`http://127.0.0.1:${admin}/metrics`).then((r) => r.body.text(), () => '');
  const counter = (name) => metrics.split('\n').filter((l) => l.startsWith(name)).reduce((n, l) => n + Number(l.split(' ').pop()), 0);
  await stop(proxy);
  await stop(u1);
  await stop(u2);
  latencies.sort((a, b) => a.ms - b.ms);
  const total = latencies.length;
  // When the slowest requests started (s after the load began): at the kill, the restart, or elsewhere.
  const slowest = latencies.slice(-3).reverse().map((l) => `${l.ms.toFixed(0)} ms @${l.at.toFixed(2)} s`).join(', ');
  const bad = [...statuses].filter(([s]) => s !== 200);
  return {
    system,
    requests: total,
    non2xx: bad.filter(([s]) => typeof s === 'number').reduce((n, [, c]) => n + c, 0),
    clientErrors: bad.filter(([s]) => typeof s !== 'number').reduce((n, [, c]) => n + c, 0),
    statuses: Object.fromEntries(statuses),
    p99ms: +latencies[Math.floor(total * 0.99)].ms.toFixed(1),
    maxMs: +latencies[total - 1].ms.toFixed(1),
    slowest,
    // The failover itself, without the cold start (new connections, code not yet optimised).
    warmMaxMs: +Math.max(...latencies.filter((l) => l.at >= WARM_S).map((l) => l.ms)).toFixed(1),
    retries: system === 'nginx' ? '–' : `${counter('uh_retries_total')} (${counter('uh_retries_denied_total')} denied)`,
  };
}

const ALL = existsSync(NGINX) ? ['nginx', 'uh (nginx.conf)', 'uh (uh YAML defaults)'] : ['uh (nginx.conf)', 'uh (uh YAML defaults)'];
// SYSTEMS=nginx,yaml (substrings of the names above) runs some of them; REPEAT=N runs the list N times.
const wanted = process.env.SYSTEMS?.split(',');
const systems = Array.from({ length: Number(process.env.REPEAT ?? 1) }, () => ALL.filter((s) => !wanted || wanted.some((w) => s.toLowerCase().includes(w.toLowerCase())))).flat();
const rows = [];
try {
  for (const s of systems) rows.push(await runOne(s));
} finally {
  await Promise.all([...children].map(stop));
  rmSync(dir, { recursive: true, force: true });
}
console.log(`failover with defaults: ${CONNS} connections paced ${DELAY_MS} ms, ${DURATION_S} s each; upstream 2 SIGKILLed at ${KILL_AT_S} s, restarted at ${RESTART_AT_S} s`);
console.log('');
console.log(`| system | requests | non-2xx | client errors | p99 ms | worst ms | worst ms after ${WARM_S} s | slowest three (started at) | uh retries | answers |`);
console.log('|---|---:|---:|---:|---:|---:|---:|---|---:|---|');
for (const r of rows) console.log(`| ${r.system} | ${r.requests} | ${r.non2xx} | ${r.clientErrors} | ${r.p99ms} | ${r.maxMs} | ${r.warmMaxMs} | ${r.slowest} | ${r.retries} | ${JSON.stringify(r.statuses)} |`);
