/**
 * `uh diagnose` / `uh lint` behind the lazy import: a view of diagnosis/pipeline.ts. Flags →
 * options, then the pipeline, then the report and the exit code. stdout gets only the report (for
 * json: only the document); the pipeline's notes and the spinner (on a TTY) go to stderr.
 */
import { writeFileSync } from 'node:fs';
import type { Severity } from '../causes/catalog.js';
import type { Diagnosis } from '../diagnosis/types.js';
import type { DiagnosisOptions } from '../diagnosis/options.js';
import type { PipelineNote, PipelineOptions, PreparedDiagnosis } from '../diagnosis/pipeline.js';
import { diagnosisForUnreadableConfig, prepareDiagnosis } from '../diagnosis/pipeline.js';
import { ConfigError, UsageError } from '../errors.js';
import type { ConfigFormat, ResolverAddress } from '../model/index.js';
import { isIpLiteral, parseDuration, parseResolverAddress } from '../model/index.js';
import { exitCodeFor } from '../report/exit-code.js';
import { REPORTERS } from '../report/index.js';
import { VERSION } from '../version.js';
import { startProgress, wantsProgress } from './progress.js';

/** Flags as commander hands them over (see commands/diagnose.ts). */
export interface DiagnoseCliOptions {
  readonly format: string;
  readonly group?: string;
  readonly failOn: Severity;
  readonly configFormat?: ConfigFormat;
  readonly nginxPrefix?: string;
  readonly output?: string;
  readonly samples?: number;
  readonly timeout?: string;
  readonly patience?: number;
  readonly deadline?: string;
  readonly concurrency?: number;
  readonly resolver?: readonly string[];
  readonly hostsFile?: string;
  readonly offline?: boolean;
  readonly color?: boolean;
  /** `--rc FILE` (a path), false for `--no-rc`, undefined to look for `.uhrc`. */
  readonly rc?: string | false;
  /** Also run the gateway's own check (`nginx -t`, `envoy --mode validate`). */
  readonly validate?: boolean;
}

/** Run the command; returns the exit code (0/1). Config and usage errors throw (exit 2 in main). */
export async function runDiagnoseCommand(path: string, flags: DiagnoseCliOptions): Promise<number> {
  const reporter = REPORTERS[flags.format];
  if (!reporter) throw new UsageError(`--format ${flags.format}: choose one of ${Object.keys(REPORTERS).join(', ')}`);
  const options = toDiagnosisOptions(flags);
  const prepared = prepareForReport(path, flags, {
    ...options,
    ...(flags.configFormat ? { configFormat: flags.configFormat } : {}),
    ...(flags.nginxPrefix ? { nginxPrefix: flags.nginxPrefix } : {}),
    ...(flags.rc !== undefined ? { rc: flags.rc } : {}),
    ...(flags.validate ? { validate: true } : {}),
  });
  printNotes(prepared.notes);
  const progress = await startProgress(wantsProgress() && !options.offline, `probing ${path}`);
  let result: Awaited<ReturnType<PreparedDiagnosis['run']>>;
  try {
    result = await prepared.run(progress.onProgress ? { onProgress: progress.onProgress } : {});
  } finally {
    progress.stop();
  }
  printNotes(result.notes);
  writeReport(result.diagnosis, flags);
  return exitCodeFor(result.diagnosis.findings, flags.failOn);
}

/**
 * Load and start the run; when the config cannot be read and the format is for machines, first
 * write a report whose one finding is the located `config-parse-error`, then rethrow (exit 2).
 */
function prepareForReport(path: string, flags: DiagnoseCliOptions, options: PipelineOptions): PreparedDiagnosis {
  try {
    return prepareDiagnosis(path, options);
  } catch (err) {
    if (err instanceof ConfigError && flags.format !== 'table') {
      const report = diagnosisForUnreadableConfig(err, path, flags.configFormat);
      if (report) writeReport(report, flags);
    }
    throw err;
  }
}

/** Notes go to stderr, never into the report. */
function printNotes(notes: readonly PipelineNote[]): void {
  for (const note of notes) process.stderr.write(`uh: ${note.text}\n`);
}

function writeReport(diagnosis: Diagnosis, flags: DiagnoseCliOptions): void {
  const reporter = REPORTERS[flags.format]!;
  const color = flags.color !== false && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const width = process.stdout.isTTY ? process.stdout.columns : undefined;
  const report = reporter(diagnosis, { color, version: VERSION, failOn: flags.failOn, ...(width ? { width } : {}) });
  if (flags.output) {
    writeFileSync(flags.output, flags.format === 'table' ? reporter(diagnosis, { color: false, version: VERSION, failOn: flags.failOn }) : report);
    process.stdout.write(REPORTERS.table!(diagnosis, { color, version: VERSION, ...(width ? { width } : {}) }));
  } else {
    process.stdout.write(report);
  }
}

/** Flags → DiagnosisOptions, each bad value a UsageError naming the flag. */
export function toDiagnosisOptions(flags: DiagnoseCliOptions): Partial<DiagnosisOptions> {
  return {
    offline: flags.offline ?? false,
    ...(flags.group !== undefined ? { group: flags.group } : {}),
    ...(flags.samples !== undefined ? { samples: flags.samples } : {}),
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    ...(flags.timeout !== undefined ? { timeoutMs: duration('--timeout', flags.timeout) } : {}),
    ...(flags.patience !== undefined ? { patience: flags.patience } : {}),
    ...(flags.deadline !== undefined ? { deadlineMs: duration('--deadline', flags.deadline) } : {}),
    ...(flags.hostsFile !== undefined ? { hostsFile: flags.hostsFile } : {}),
    resolvers: (flags.resolver ?? []).map(resolver),
  };
}

function duration(flag: string, text: string): number {
  const ms = parseDuration(text, 's');
  if (ms === undefined || ms <= 0) throw new UsageError(`${flag} takes a duration such as 2s or 500ms, got "${text}"`);
  return ms;
}

function resolver(text: string): ResolverAddress {
  const parsed = parseResolverAddress(text);
  // Resolvers are addresses, not names: looking a resolver up would need a resolver.
  if (!parsed || !isIpLiteral(parsed.host)) throw new UsageError(`--resolver takes an IP address with an optional port (e.g. 127.0.0.1:53 or [::1]:53), got "${text}"`);
  return parsed;
}
