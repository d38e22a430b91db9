/**
 * The whole `uh diagnose` run below the CLI: load the config, merge `.uhrc`, start the extra
 * stages (the gateway's own `--validate` check; gateway-view sources plug in the same way), probe,
 * diagnose, fold each stage's verdict in. It prints nothing: what the CLI used to write to stderr
 * comes back as `notes`, so a library caller gets the same diagnosis the CLI reports.
 *
 * Two steps, so the CLI can print the load notes before its spinner starts:
 * `prepareDiagnosis` (synchronous: load, `.uhrc`, stages started) → `run()` (probe, diagnose, fold).
 */
import { loadConfig, readConfigText } from '../config/load.js';
import { detectFormat } from '../config/detect-format.js';
import { resolveRcFile } from '../config/rc-file.js';
import type { ConfigError } from '../errors.js';
import type { ConfigFormat, GatewayConfig } from '../model/index.js';
import { formatLocation } from '../model/index.js';
import type { ProgressEvent } from '../probes/run.js';
import { diagnosisForConfigError } from './config-error.js';
import { gatewayValidateStage } from './gateway-validate-stage.js';
import type { DiagnosisOptions } from './options.js';
import { runDiagnosis } from './run-diagnosis.js';
import type { Diagnosis } from './types.js';
import type { DiagnosisStage, PipelineNote, StageContext } from './stage.js';

export type { DiagnosisStage, PipelineNote, StageContext, StageFold } from './stage.js';

export interface PipelineOptions extends Partial<DiagnosisOptions> {
  /** `--config-format`: skip detection. */
  readonly configFormat?: ConfigFormat;
  /** nginx `-p` (relative includes). */
  readonly nginxPrefix?: string;
  /** `.uhrc`: a path, `false` for none, undefined to look beside the config, then in the working directory. */
  readonly rc?: string | false;
  /** Also run the gateway's own check (`nginx -t`, `envoy --mode validate`). */
  readonly validate?: boolean;
  /** Extra stages after the built-in ones (gateway-view sources). */
  readonly stages?: readonly DiagnosisStage[];
}

export interface PipelineResult {
  readonly config: GatewayConfig;
  readonly diagnosis: Diagnosis;
  readonly notes: readonly PipelineNote[];
}

export interface PreparedDiagnosis {
  readonly config: GatewayConfig;
  /** Notes from loading: the config's warnings and the `.uhrc` merge. */
  readonly notes: readonly PipelineNote[];
  /** Probe, diagnose and fold the stages in; the notes returned are the stages'. */
  run(progress?: { onProgress?: (event: ProgressEvent) => void; signal?: AbortSignal }): Promise<{ diagnosis: Diagnosis; notes: readonly PipelineNote[] }>;
}

/** Load and start; throws a `ConfigError` when the config cannot be read (see `diagnosisForUnreadableConfig`). */
export function prepareDiagnosis(path: string, options: PipelineOptions = {}): PreparedDiagnosis {
  const loaded = loadConfig(path, {
    ...(options.configFormat ? { format: options.configFormat } : {}),
    ...(options.nginxPrefix ? { nginxPrefix: options.nginxPrefix } : {}),
  });
  const notes: PipelineNote[] = [];
  const config = withRcFile(loaded, path, options.rc, notes);
  return start(config, path, notes, options);
}

/**
 * A config that did not come from a file (an Envoy admin's `/config_dump` standing in for it,
 * CONTRACT §6): no `.uhrc` beside it and no file for `--validate` to check.
 */
export function prepareDiagnosisOf(config: GatewayConfig, options: PipelineOptions = {}): PreparedDiagnosis {
  return start(config, undefined, [], { ...options, validate: false });
}

function start(config: GatewayConfig, path: string | undefined, notes: PipelineNote[], options: PipelineOptions): PreparedDiagnosis {
  // What the reader could not model (unsupported directives, ignored fields): beside the report, never in it.
  for (const note of config.notes) {
    if (note.severity === 'warning') notes.push({ source: 'config', text: `warning: ${note.loc ? `${formatLocation(note.loc)}: ` : ''}${note.message}` });
  }
  const stages = [...(options.validate && path !== undefined ? [gatewayValidateStage] : []), ...(options.stages ?? [])];
  const context: StageContext = { config, path: path ?? config.source.path, ...(options.nginxPrefix ? { nginxPrefix: options.nginxPrefix } : {}) };
  // Each stage runs alongside the probes; its verdict is folded in once they are done.
  const begun = stages.map((stage) => stage.begin(context));
  return {
    config,
    notes,
    async run(progress = {}) {
      let diagnosis = await runDiagnosis(config, {
        ...options, ...(progress.onProgress ? { onProgress: progress.onProgress } : {}), ...(progress.signal ? { signal: progress.signal } : {}),
      });
      const stageNotes: PipelineNote[] = [];
      for (const fold of await Promise.all(begun)) {
        const folded = fold(diagnosis);
        diagnosis = folded.diagnosis;
        stageNotes.push(...folded.notes);
      }
      return { diagnosis, notes: stageNotes };
    },
  };
}

/** The whole run in one call: the library's `uh diagnose`. */
export async function runDiagnosePipeline(path: string, options: PipelineOptions = {}): Promise<PipelineResult> {
  const prepared = prepareDiagnosis(path, options);
  const { diagnosis, notes } = await prepared.run(options.onProgress ? { onProgress: options.onProgress } : {});
  return { config: prepared.config, diagnosis, notes: [...prepared.notes, ...notes] };
}

/** `.uhrc`'s `ignore:` merged into the config's own (a new object: the model is readonly). */
function withRcFile(config: GatewayConfig, path: string, rc: string | false | undefined, notes: PipelineNote[]): GatewayConfig {
  const file = resolveRcFile(path, rc);
  if (!file || file.ignore.length === 0) return config;
  notes.push({ source: 'rc', text: `${file.path}: ignoring ${file.ignore.join(', ')}` });
  return { ...config, ignore: [...new Set([...config.ignore, ...file.ignore])] };
}

/**
 * For machine formats: a report whose one finding is the located `config-parse-error`, so CI can
 * annotate the line. Undefined when not even the config's format can be told.
 */
export function diagnosisForUnreadableConfig(err: ConfigError, path: string, configFormat?: ConfigFormat): Diagnosis | undefined {
  const format = configFormat ?? detectedFormat(path);
  return format ? diagnosisForConfigError(err, path, format) : undefined;
}

function detectedFormat(path: string): ConfigFormat | undefined {
  try {
    return detectFormat(readConfigText(path), path);
  } catch {
    return undefined;
  }
}
