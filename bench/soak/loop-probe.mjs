// Preloaded into the `uh serve` process by bench/soak/run.mjs (node --import): every
// UH_SOAK_PROBE_MS it appends one JSON line to UH_SOAK_PROBE_OUT with the process's own open fd
// count, RSS, heap and event-loop delay (p50/p99/max since the last line, perf_hooks histogram).
// Measuring inside the process keeps the load generator's own event loop out of the figures;
// nothing in src/ knows about it.
import { appendFileSync, readdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const out = process.env.UH_SOAK_PROBE_OUT;
const every = Number(process.env.UH_SOAK_PROBE_MS ?? 5000);
if (out) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const timer = setInterval(() => {
    const mem = process.memoryUsage();
    const line = {
      t: Date.now(),
      fds: readdirSync('/proc/self/fd').length,
      rssMB: +(mem.rss / 2 ** 20).toFixed(1),
      heapMB: +(mem.heapUsed / 2 ** 20).toFixed(1),
      loopP50ms: +(delay.percentile(50) / 1e6).toFixed(2),
      loopP99ms: +(delay.percentile(99) / 1e6).toFixed(2),
      loopMaxMs: +(delay.max / 1e6).toFixed(2),
    };
    delay.reset();
    appendFileSync(out, `${JSON.stringify(line)}\n`);
  }, every);
  timer.unref();
}
