#!/usr/bin/env node
// Parse time of the largest config fixtures per format (test fixtures and ../shared/corpus when present), plus generated 1 MB uh and
// haproxy.cfg files, through
// the built loader (dist/config/load.js: read, detect, parse), median of N runs.
// Usage: npm run build && node bench/parse.mjs [runs=5] [files-per-format=3]
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = fileURLToPath(new URL('../', import.meta.url));
const runs = Number(process.argv[2] ?? 5);
const perFormat = Number(process.argv[3] ?? 3);
const { loadConfig } = await import(join(root, 'dist/config/load.js'));

function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (!entry.name.includes('invalid') && !entry.name.endsWith('.txt')) out.push(path);
  }
  return out;
}

/** The largest fixtures of a format that load (fixtures of errors, include cycles... are skipped). */
function largest(format) {
  const dirs = [join(root, 'test/fixtures/config', format), join(root, '../shared/corpus', format)].filter((dir) => existsSync(dir));
  const bySize = dirs.flatMap(filesUnder).map((path) => ({ path, bytes: statSync(path).size })).sort((a, b) => b.bytes - a.bytes);
  const loads = ({ path }) => {
    try {
      return loadConfig(path).source.format === format;
    } catch {
      return false;
    }
  };
  return bySize.filter(loads).slice(0, perFormat);
}

function syntheticUh(dir, targetBytes) {
  let text = 'upstreams:\n';
  for (let i = 0; text.length < targetBytes; i++) {
    text += `  g${i}:\n    targets:\n      - address: 10.0.${(i >> 8) & 255}.${i & 255}:8080\n      - address: host-${i}.internal:8080\n        weight: 2\n    health:\n      active: {path: /health, interval: 5s}\n`;
  }
  const path = join(dir, 'synthetic-1mb.yaml');
  writeFileSync(path, text);
  return { path, bytes: text.length };
}

/** A 1 MB haproxy.cfg: a frontend routing by path to many backends, each with checked servers. */
function syntheticHaproxy(dir, targetBytes) {
  let front = 'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nfrontend web\n    bind :8080\n';
  let back = '';
  for (let i = 0; front.length + back.length < targetBytes; i++) {
    front += `    acl p${i} path_beg /svc${i}\n    use_backend b${i} if p${i}\n`;
    back += `\nbackend b${i}\n    option httpchk GET /health\n    server s1 10.0.${(i >> 8) & 255}.${i & 255}:8080 check inter 2s\n    server s2 host-${i}.internal:8080 check weight 2\n`;
  }
  const path = join(dir, 'synthetic-1mb.cfg');
  writeFileSync(path, front + back);
  return { path, bytes: front.length + back.length };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure({ path, bytes }) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    try {
      loadConfig(path);
    } catch (err) {
      return { path, bytes, error: err.message.split('\n')[0] };
    }
    times.push(performance.now() - started);
  }
  return { path, bytes, ms: median(times) };
}

const tmp = mkdtempSync(join(tmpdir(), 'uh-bench-'));
try {
  const cases = [...['nginx', 'envoy', 'uh', 'haproxy'].flatMap(largest), syntheticUh(tmp, 1024 * 1024), syntheticHaproxy(tmp, 1024 * 1024)];
  console.log(`median of ${runs} runs (load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
  for (const result of cases.map(measure)) {
    const name = result.path.replace(root, '').replace(tmp, '<tmp>');
    const size = `${(result.bytes / 1024).toFixed(1)} KiB`.padStart(11);
    if (result.error) console.log(`${size}  error        ${name}: ${result.error}`);
    else console.log(`${size}  ${result.ms.toFixed(1).padStart(8)} ms  ${(result.bytes / 1024 / 1024 / (result.ms / 1000)).toFixed(2).padStart(6)} MiB/s  ${name}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
