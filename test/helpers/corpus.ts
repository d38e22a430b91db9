/**
 * The shared real-world config corpus (/work/shared/corpus) and its MANIFEST: tests over it skip,
 * saying why, on a machine without it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { isUhError } from '../../src/errors.js';
import type { GatewayConfig } from '../../src/model/index.js';
import { isIpLiteral } from '../../src/model/index.js';

/** Where the corpus lives. */
export const CORPUS = '/work/shared/corpus';
const MANIFEST = join(CORPUS, 'MANIFEST.tsv');
/** True when this machine has no corpus: corpus tests skip. */
export const ABSENT = !existsSync(MANIFEST);
/** A suffix for test names saying why they skip (empty when the corpus is there). */
export const WHY = ABSENT ? ` (skipped: no corpus at ${CORPUS})` : '';

/** The corpus entry points (MANIFEST "Primary" rows) for the formats uh reads (nginx, Envoy, HAProxy), relative to CORPUS. */
export function entryPoints(): string[] {
  if (ABSENT) return [];
  return readFileSync(MANIFEST, 'utf8').split('\n').slice(1)
    .map((line) => line.split('\t'))
    .filter((cols) => /^(nginx|envoy|haproxy)\//.test(cols[0] ?? '') && (cols[5] ?? '').startsWith('Primary'))
    .map((cols) => cols[0]!);
}

/** The hand-checked expectation of a corpus file (`expected/<rel>.json`), or undefined when it has none. */
export function expectationOf<T>(rel: string): T | undefined {
  const file = join(CORPUS, 'expected', `${rel}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

/** Every corpus file under `kind/` (its MANIFEST rows), relative to CORPUS. */
export function corpusFiles(kind: 'nginx' | 'envoy'): string[] {
  if (ABSENT) return [];
  return readFileSync(MANIFEST, 'utf8').split('\n').slice(1)
    .map((line) => line.split('\t')[0] ?? '')
    .filter((rel) => rel.startsWith(`${kind}/`));
}

/** The corpus config at `rel`, or undefined when uh rejects it (a uh error); other errors throw. */
export function loadCorpusConfig(rel: string): GatewayConfig | undefined {
  try {
    return loadConfig(join(CORPUS, rel));
  } catch (err) {
    if (!isUhError(err)) throw err;
    return undefined;
  }
}

/**
 * The corpus configs a gateway's own check can run on here: members are IP literals or sockets
 * (its check resolves names, and tests never use the system resolver) and no TLS file is named.
 */
export function checkableCorpusConfigs(): { readonly index: number; readonly rel: string; readonly config: GatewayConfig }[] {
  return entryPoints().flatMap((rel, index) => {
    const config = loadCorpusConfig(rel);
    if (!config) return [];
    const literal = config.groups.every((g) => g.targets.every((t) => t.socket === 'unix' || isIpLiteral(t.host)));
    if (!literal || config.groups.some((g) => g.tls && (g.tls.verify || g.tls.clientCert))) return [];
    return [{ index, rel, config }];
  });
}
