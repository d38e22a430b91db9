/**
 * `uh demo`: start real faulty upstreams on loopback, write a uh config for them, diagnose it,
 * print the report, clean up. Showing the faults IS the demo's success, so it exits 0 (unlike
 * `uh diagnose`, whose findings fail a pipeline); only an error in the demo itself exits non-zero.
 * Cleanup (servers, temp dir) runs on success, on error, and on Ctrl-C or SIGTERM (through the
 * caller's `interrupt`, which then exits 130/143: `--keep` ends that way too).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { runDiagnosis } from '../diagnosis/run-diagnosis.js';
import type { Diagnosis } from '../diagnosis/types.js';
import { REPORTERS } from '../report/index.js';
import { PIPE_WIDTH } from '../report/table.js';
import { wrapText } from '../report/terminal/wrap.js';
import { demoConfigYaml } from './demo-config.js';
import { startDemoFaults } from './start-faults.js';

export interface DemoOptions {
  readonly format: string;
  readonly color: boolean;
  readonly version: string;
  readonly width?: number;
  /** The locale speaks UTF-8 (see report/terminal/glyphs.ts). */
  readonly unicode?: boolean;
  /** Keep the servers and config until Ctrl-C, printing the config path. */
  readonly keep?: boolean;
  readonly write: (text: string) => void;
  /** Where the header and notes go (stderr for json, so stdout stays one document). */
  readonly note: (text: string) => void;
  /** Ctrl-C/SIGTERM: aborts the probes and runs the registered cleanups (the CLI's `listenForInterrupt`). */
  readonly interrupt?: DemoInterrupt;
}

/** What the demo needs to know of an interrupt: when it happens, and what to clean up then. */
export interface DemoInterrupt {
  readonly signal: AbortSignal;
  onInterrupt(cleanup: () => void): () => void;
}

export interface DemoResult {
  readonly diagnosis: Diagnosis;
  readonly configPath: string;
}

const HEADER = 'uh demo: started 8 upstreams on 127.0.0.1 — a refused port, a hang, an expired certificate, a wrong '
  + 'health path, a 500 naming a failed database, an h2-only server, a flapping one and a healthy one — '
  + 'wrote a uh config for them (6 groups), and ran `uh diagnose` on it. Here is what uh found:';

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'uh-demo-'));
  const faults = await startDemoFaults().catch((err: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  // On a signal the process exits right after: the servers go with it, the temp dir must not stay.
  const forget = options.interrupt?.onInterrupt(removeDir);
  try {
    const caFile = path.join(dir, 'ca.pem');
    const configPath = path.join(dir, 'uh.yaml');
    const hostsFile = path.join(dir, 'hosts');
    writeFileSync(caFile, faults.caPem);
    writeFileSync(configPath, demoConfigYaml(faults, caFile));
    // Every target is an IP literal; an empty hosts file and no resolvers keep DNS entirely local.
    writeFileSync(hostsFile, '');
    const config = loadConfig(configPath, { format: 'uh' });
    const signal = options.interrupt?.signal;
    const diagnosis = await runDiagnosis(config, { samples: 3, timeoutMs: 2000, deadlineMs: 20_000, hostsFile, resolvers: [], ...(signal ? { signal } : {}) });
    const reporter = REPORTERS[options.format] ?? REPORTERS.table!;
    options.note(`${wrapText(HEADER, options.width ?? PIPE_WIDTH).join('\n')}\n`);
    options.write(reporter(diagnosis, {
      color: options.color, version: options.version,
      ...(options.width ? { width: options.width } : {}), ...(options.unicode !== undefined ? { unicode: options.unicode } : {}),
    }));
    if (options.keep) await keepUntilInterrupted(configPath, options.note, signal);
    return { diagnosis, configPath };
  } finally {
    forget?.();
    await faults.close();
    removeDir();
  }
}

/** Wait for the interrupt (whose cleanup removes the temp dir; the process then exits 130/143). */
async function keepUntilInterrupted(configPath: string, note: (text: string) => void, signal: AbortSignal | undefined): Promise<void> {
  note(`\nThe faulty upstreams keep running. Try: uh diagnose ${configPath}\nPress Ctrl-C to stop them.\n`);
  if (!signal) throw new Error('uh demo --keep needs an interrupt to wait for');
  if (signal.aborted) return;
  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
