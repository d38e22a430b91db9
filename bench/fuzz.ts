/**
 * The fuzz property test's cases (test/helpers/config-mutations.ts), many more of them, by hand:
 *   nice -n 10 npx vite-node bench/fuzz.ts [cases=100000] [seed=266]
 * Prints the cases run, how they ended (model or UH_CONFIG_* code), max RSS and the slowest
 * cases with what made them. An exception other than a UH_CONFIG_* error is printed and counted
 * as `crash` (the property test would fail on it).
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { applyMutations, loadSeeds, mutations, parseOutcome } from '../test/helpers/config-mutations.js';
import type { Mutation } from '../test/helpers/config-mutations.js';

const total = Number(process.argv[2] ?? 100_000);
// FUZZ_TRACE=FILE: the case about to run is written there first, so a case that never ends is named.
const trace = process.env.FUZZ_TRACE;
const seed = Number(process.argv[3] ?? 0x10a);
const { seeds, note } = loadSeeds();
if (note) console.log(note);

const kinds = new Map<string, number>();
const slowest: { ms: number; seed: string; list: readonly Mutation[]; chars: number }[] = [];
const crashes: string[] = [];
const started = performance.now();
const samples = fc.sample(fc.tuple(fc.nat({ max: seeds.length - 1 }), mutations), { seed, numRuns: total });
samples.forEach(([index, list], n) => {
  const base = seeds[index]!;
  const text = applyMutations(base.text, list);
  if (trace) writeFileSync(trace, `case ${n}: ${base.name} (${text.length} chars): ${JSON.stringify(list).slice(0, 2000)}\n`);
  const t0 = performance.now();
  let kind: string;
  try {
    kind = parseOutcome(text, `/fuzz/${base.name}`);
  } catch (err) {
    kind = 'crash';
    if (crashes.length < 10) crashes.push(`${base.name} ${JSON.stringify(list).slice(0, 300)}: ${err instanceof Error ? err.stack : String(err)}`);
  }
  const ms = performance.now() - t0;
  if (ms > 2_000) console.log(`case ${n}: ${Math.round(ms)} ms, ${kind}, ${base.name} (${text.length} chars): ${JSON.stringify(list).slice(0, 300)}`);
  kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  slowest.push({ ms, seed: base.name, list, chars: text.length });
  slowest.sort((a, b) => b.ms - a.ms);
  slowest.length = Math.min(slowest.length, 5);
  // A summary every 10,000 cases: a run cut short still says what it saw.
  if ((n + 1) % 10_000 === 0 || n + 1 === total) summary(n + 1);
});
for (const c of crashes) console.log(`CRASH ${c}`);

function summary(done: number): void {
  const describe = (list: readonly Mutation[]): string =>
    list.map((m) => ('depth' in m ? `nest ${JSON.stringify(m.open)}×${m.depth}` : 'length' in m ? `${m.kind} ${m.length}${'times' in m ? `×${m.times}` : ''}` : m.kind)).join(', ');
  console.log(`cases: ${done} of ${total} (seed ${seed}, ${seeds.length} seed configs) in ${Math.round((performance.now() - started) / 1000)} s`);
  console.log(`  exit kinds: ${[...kinds].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`  max RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  for (const s of slowest) console.log(`  slow: ${s.ms.toFixed(0)} ms  ${s.seed} (${s.chars} chars): ${describe(s.list)}`);
}
