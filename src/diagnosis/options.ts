/**
 * What a diagnosis run takes, and its defaults. A file of its own (types and numbers only) so the
 * CLI's option declarations can show the defaults in `--help` without loading the probes.
 */
import type { GatewayViewRequest } from '../gateway-view/read.js';
import type { RunOptions } from '../probes/run.js';

export interface DiagnosisOptions extends RunOptions {
  /** Static checks only: no DNS, no connections (`--offline`, `uh lint`). */
  readonly offline: boolean;
  /** The running gateway's own view to read alongside the probes (`--admin`, `--gateway-log`, `--through`). */
  readonly gateway?: GatewayViewRequest;
}

/** Defaults of `uh diagnose` (samples 3, 2 s per probe, 30 s for the run, 64 targets at once). */
export const DEFAULT_DIAGNOSIS_OPTIONS: DiagnosisOptions = {
  offline: false,
  concurrency: 64,
  deadlineMs: 30_000,
  timeoutMs: 2000,
  samples: 3,
  resolvers: [],
  hostsFile: '/etc/hosts',
  expiringWithinDays: 14,
  now: () => Date.now(),
};
