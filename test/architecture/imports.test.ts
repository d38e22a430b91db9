/**
 * The house's structure, checked on every `src/**` `.ts` import (runtime and `import type` alike;
 * static `import`/`export … from` only: `await import()` is how commands load lazily):
 * - no import cycle anywhere in src/ (a cycle makes load order matter and layers meaningless);
 * - nothing in src/probes, src/config or src/proxy imports src/diagnosis: data flows config →
 *   probes → diagnosis, and the cause vocabulary they share lives on the ground floor (src/causes).
 * A small check of our own instead of eslint-plugin-import's no-cycle: nothing new to install.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = path.join(ROOT, 'src');
/** A static `import … from '…'`, `import type …`, `export … from '…'` or `import '…'` of a relative path. */
const IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\bfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `src/a/b.ts` → its relative imports as `src/…` paths (`.js` specifiers name the `.ts` sources). */
function importGraph(files: readonly string[], read: (file: string) => string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const deps = [...read(file).matchAll(IMPORT)].map((m) => path.relative(ROOT, path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts'))));
    graph.set(path.relative(ROOT, file), deps);
  }
  return graph;
}

/** Every cycle, as the files on it: Tarjan's strongly connected components of more than one file, or a self-import. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** Imports that run back up the house: from probes, config or proxy into diagnosis. */
function upwardImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const lower = /^src\/(probes|config|proxy)\//;
  return [...graph].flatMap(([file, deps]) => (lower.test(file) ? deps.filter((d) => d.startsWith('src/diagnosis/')).map((d) => `${file} → ${d}`) : []));
}

const graph = importGraph(sourceFiles(SRC), (file) => readFileSync(file, 'utf8'));

describe('the import structure of src/', () => {
  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has no import from src/probes, src/config or src/proxy into src/diagnosis', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('the checks do catch a cycle made of an import type, and an upward import', () => {
    const files: Record<string, string> = {
      [path.join(SRC, 'a.ts')]: "import { b } from './b.js';\n",
      [path.join(SRC, 'b.ts')]: "import type { A } from './a.js';\n",
      [path.join(SRC, 'probes/x.ts')]: "import { foldTarget } from '../diagnosis/fold.js';\n",
      [path.join(SRC, 'diagnosis/fold.ts')]: '',
    };
    const fake = importGraph(Object.keys(files), (file) => files[file]!);
    expect(cycles(fake)).toEqual([['src/a.ts', 'src/b.ts']]);
    expect(upwardImports(fake)).toEqual(['src/probes/x.ts → src/diagnosis/fold.ts']);
  });
});
