/**
 * The programmatic API behind `uh diagnose`, `uh lint` and `uh demo`: a loaded config in, a
 * Diagnosis out. The CLI only parses flags and prints; tests call this directly.
 */
import { UsageError } from '../errors.js';
import type { GatewayConfig } from '../model/index.js';
import { runProbes } from '../probes/run.js';
import { readGatewayViews, wantsGatewayView } from '../gateway-view/read.js';
import { NO_GATEWAY_VIEWS } from '../gateway-view/types.js';
import { diagnose } from './diagnose.js';
import type { Diagnosis } from './types.js';
import type { DiagnosisOptions } from './options.js';
import { DEFAULT_DIAGNOSIS_OPTIONS } from './options.js';

export type { DiagnosisOptions } from './options.js';
export { DEFAULT_DIAGNOSIS_OPTIONS } from './options.js';

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
