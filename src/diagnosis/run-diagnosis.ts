/**
 * The programmatic API behind `uh diagnose`, `uh lint` and `uh demo`: a loaded config in, a
 * Diagnosis out. The CLI only parses flags and prints; tests call this directly.
 */
import { UsageError } from '../errors.js';
import type { GatewayConfig } from '../model/index.js';
import type { RunOptions } from '../probes/run.js';
import { runProbes } from '../probes/run.js';
import type { GatewayViewRequest } from '../gateway-view/read.js';
import { readGatewayViews, wantsGatewayView } from '../gateway-view/read.js';
import { NO_GATEWAY_VIEWS } from '../gateway-view/types.js';
import { diagnose } from './diagnose.js';
import type { Diagnosis } from './types.js';

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

export async function runDiagnosis(config: GatewayConfig, overrides: Partial<DiagnosisOptions> = {}): Promise<Diagnosis> {
  const options: DiagnosisOptions = { ...DEFAULT_DIAGNOSIS_OPTIONS, ...overrides };
  if (options.group !== undefined && !config.groups.some((g) => g.name === options.group)) {
    const known = config.groups.map((g) => g.name).join(', ') || '(none)';
    throw new UsageError(`--group ${options.group}: no such group in ${config.source.path} (groups: ${known})`);
  }
  // The gateway is read while uh probes, so both describe the same moment.
  const [run, views] = await Promise.all([
    options.offline ? { targets: [], deadlineHit: false } : runProbes(config, options),
    wantsGatewayView(options.gateway)
      ? readGatewayViews(options.gateway, config, { signal: AbortSignal.timeout(options.deadlineMs), timeoutMs: options.timeoutMs, now: options.now })
      : NO_GATEWAY_VIEWS,
  ]);
  const diagnosis = diagnose(config, run.targets, {
    offline: options.offline,
    ...(options.group !== undefined ? { group: options.group } : {}),
  }, views);
  return run.deadlineHit ? { ...diagnosis, deadlineHit: { deadlineMs: options.deadlineMs } } : diagnosis;
}
