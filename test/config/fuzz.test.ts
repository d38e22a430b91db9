/**
 * Fuzzing the config readers (fast-check): real configs — the repo fixtures and, where present,
 * the shared corpus — each with one to three hostile mutations (test/helpers/config-mutations.ts).
 * Every case ends in a model or a UH_CONFIG_* error within a time bound, never another exception.
 * Seeded and reproducible: UH_FUZZ_SEED and UH_FUZZ_RUNS override; a failure prints the seed and
 * path to replay it. The runs are split in batches (seed, seed+1, …) so the test worker stays
 * responsive. bench/fuzz.ts runs 100,000 cases by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMutations, loadSeeds, mutations, parseOutcome } from '../helpers/config-mutations.js';

const SEED = Number(process.env.UH_FUZZ_SEED ?? 0x10a);
const RUNS = Number(process.env.UH_FUZZ_RUNS ?? 3000);
const BATCHES = 10;
/** Per case: generous for a loaded CI host; bench/fuzz.ts reports the real slowest case. */
const CASE_BOUND_MS = 10_000;

const { seeds, note } = loadSeeds();
if (note) console.warn(`fuzz.test: ${note}`);

describe(`the config readers under ${RUNS} mutated real configs (${seeds.length} seeds)`, () => {
  for (let batch = 0; batch < BATCHES; batch++) {
    it(`seed ${SEED + batch}: every case ends in a model or a UH_CONFIG_* error within ${CASE_BOUND_MS / 1000} s`, () => {
      expect(seeds.length).toBeGreaterThan(50);
      fc.assert(
        fc.property(fc.nat({ max: seeds.length - 1 }), mutations, (index, list) => {
          const seed = seeds[index]!;
          const started = performance.now();
          parseOutcome(applyMutations(seed.text, list), `/fuzz/${seed.name}`);
          const ms = performance.now() - started;
          if (ms > CASE_BOUND_MS) throw new Error(`${seed.name} took ${Math.round(ms)} ms`);
        }),
        { seed: SEED + batch, numRuns: Math.ceil(RUNS / BATCHES) },
      );
    }, 300_000);
  }
});
