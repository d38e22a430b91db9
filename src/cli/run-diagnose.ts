/**
 * `uh diagnose` / `uh lint` behind the lazy import: a view of diagnosis/pipeline.ts. Flags →
 * options, then the pipeline, then the report and the exit code. stdout gets only the report (for
 * json: only the document); the pipeline's notes and the spinner (on a TTY) go to stderr.
 */
import { statSync } from 'node:fs';
import { isIP } from 'node:net';
import type { Severity } from '../causes/catalog.js';
import type { Diagnosis } from '../diagnosis/types.js';
import type { DiagnosisOptions } from '../diagnosis/options.js';
import type { PipelineNote, PipelineOptions, PreparedDiagnosis } from '../diagnosis/pipeline.js';
import { diagnosisForUnreadableConfig, prepareDiagnosis, prepareDiagnosisOf } from '../diagnosis/pipeline.js';
import { ConfigError, UsageError } from '../errors.js';
import type { GatewayViewRequest } from '../gateway-view/read.js';
import { MAX_VIEW_BYTES } from '../gateway-view/read.js';
import type { AdminKind } from '../gateway-view/types.js';
import type { ConfigFormat, GatewayConfig, ResolverAddress } from '../model/index.js';
import { parseDuration, parseResolverAddress } from '../model/index.js';
import { exitCodeFor } from '../report/exit-code.js';
import { REPORTERS } from '../report/index.js';
import { VERSION } from '../version.js';
import { listenForInterrupt } from './interrupt.js';
import { checkOutputFile, writeOutputFile } from './output-file.js';
import { startProgress, wantsProgress } from './progress.js';
import { terminalView } from './terminal.js';

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
  readonly resolvConf?: string;
  readonly offline?: boolean;
  readonly color?: boolean;
  /** `--width`: the table reporter's layout width. */
  readonly width?: number;
  /** `--rc FILE` (a path), false for `--no-rc`, undefined to look for `.uhrc`. */
  readonly rc?: string | false;
  /** Also run the gateway's own check (`nginx -t`, `envoy --mode validate`). */
  readonly validate?: boolean;
  /** The running gateway's own view (CONTRACT §6). */
  readonly admin?: readonly string[];
  readonly adminKind?: AdminKind;
  readonly gatewayLog?: readonly string[];
  readonly since?: string;
  readonly through?: string;
}

/** Run the command; returns the exit code (0/1). Config and usage errors throw (exit 2 in main). */
export async function runDiagnoseCommand(path: string | undefined, flags: DiagnoseCliOptions): Promise<number> {
  const reporter = REPORTERS[flags.format];
  if (!reporter) throw new UsageError(`--format ${flags.format}: choose one of ${Object.keys(REPORTERS).join(', ')}`);
  const options = toDiagnosisOptions(flags);
  if (flags.output !== undefined) checkOutputFile(flags.output);
  const pipeline: PipelineOptions = {
    ...options,
    ...(flags.configFormat ? { configFormat: flags.configFormat } : {}),
    ...(flags.nginxPrefix ? { nginxPrefix: flags.nginxPrefix } : {}),
    ...(flags.rc !== undefined ? { rc: flags.rc } : {}),
    ...(flags.validate ? { validate: true } : {}),
  };
  const prepared = path === undefined ? prepareDiagnosisOf(await configFromGateway(flags), pipeline) : prepareForReport(path, flags, pipeline);
  printNotes(prepared.notes);
  // Ctrl-C/SIGTERM while probing: abort the probes, stop the spinner, exit 130/143.
  const interrupt = listenForInterrupt();
  const progress = await startProgress(wantsProgress() && !options.offline, `probing ${prepared.config.source.path}`, interrupt);
  let result: Awaited<ReturnType<PreparedDiagnosis['run']>>;
  try {
    result = await prepared.run({ signal: interrupt.signal, ...(progress.onProgress ? { onProgress: progress.onProgress } : {}) });
  } finally {
    progress.stop();
    interrupt.dispose();
  }
  printNotes(result.notes);
  writeReport(result.diagnosis, flags);
  return exitCodeFor(result.diagnosis.findings, flags.failOn);
}

/** No config file: an Envoy admin's own config dump stands in for it (CONTRACT §6). */
async function configFromGateway(flags: DiagnoseCliOptions): Promise<GatewayConfig> {
  const admin = (flags.admin ?? []).find((a) => /^https?:\/\//.test(a));
  if (!admin || (flags.adminKind !== undefined && flags.adminKind !== 'envoy')) {
    throw new UsageError('diagnose needs a config file (nginx.conf, Envoy YAML/JSON, HAProxy, uh YAML); only an Envoy admin (--admin http://host:9901) can stand in for it');
  }
  const { configFromEnvoyAdmin } = await import('../gateway-view/envoy-config.js');
  const timeoutMs = flags.timeout !== undefined ? duration('--timeout', flags.timeout) : 2000;
  return configFromEnvoyAdmin(admin, { signal: AbortSignal.timeout(timeoutMs * 5), timeoutMs: timeoutMs * 5, maxBytes: MAX_VIEW_BYTES, sinceMs: 0, now: () => Date.now() });
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
  const view = terminalView(flags);
  const report = reporter(diagnosis, { ...view, version: VERSION, failOn: flags.failOn });
  if (flags.output) {
    // A file is read later, elsewhere: plain text at the pipe width (or --width).
    const fileView = { color: false, unicode: view.unicode, ...(flags.width !== undefined ? { width: flags.width } : {}) };
    writeOutputFile(flags.output, flags.format === 'table' ? reporter(diagnosis, { ...fileView, version: VERSION, failOn: flags.failOn }) : report);
    process.stdout.write(REPORTERS.table!(diagnosis, { ...view, version: VERSION }));
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
    ...(flags.hostsFile !== undefined ? { hostsFile: existingFile('--hosts-file', flags.hostsFile) } : {}),
    ...(flags.resolvConf !== undefined ? { resolvConf: existingFile('--resolv-conf', flags.resolvConf) } : {}),
    resolvers: (flags.resolver ?? []).map(resolver),
    ...(gatewayRequested(flags) ? { gateway: gatewayRequest(flags) } : {}),
  };
}

function gatewayRequested(flags: DiagnoseCliOptions): boolean {
  return (flags.admin?.length ?? 0) > 0 || (flags.gatewayLog?.length ?? 0) > 0 || flags.through !== undefined;
}

/** `--admin`, `--gateway-log`, `--since`, `--through` → what to read; a malformed endpoint or URL is a UsageError. */
function gatewayRequest(flags: DiagnoseCliOptions): GatewayViewRequest {
  for (const endpoint of flags.admin ?? []) {
    if (endpoint.startsWith('unix:') ? endpoint.length > 'unix:'.length : /^https?:\/\/[^/]+/.test(endpoint)) continue;
    throw new UsageError(`--admin takes http(s)://host:port[/path] or unix:/path, got "${endpoint}"`);
  }
  if (flags.through !== undefined && !/^https?:\/\/[^/]+/.test(flags.through)) {
    throw new UsageError(`--through takes the gateway listener's URL (e.g. http://127.0.0.1:8080), got "${flags.through}"`);
  }
  return {
    admin: flags.admin ?? [],
    ...(flags.adminKind ? { adminKind: flags.adminKind } : {}),
    logs: flags.gatewayLog ?? [],
    sinceMs: duration('--since', flags.since ?? '15m'),
    ...(flags.through !== undefined ? { through: flags.through } : {}),
  };
}

/** A file named on the command line must exist: silently probing without it would mislead. */
function existingFile(flag: string, file: string): string {
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new UsageError(`${flag} ${file}: no such file`);
  }
  if (!isFile) throw new UsageError(`${flag} ${file}: not a file`);
  return file;
}

function duration(flag: string, text: string): number {
  const ms = parseDuration(text, 's');
  if (ms === undefined || ms <= 0) throw new UsageError(`${flag} takes a duration such as 2s or 500ms, got "${text}"`);
  return ms;
}

function resolver(text: string): ResolverAddress {
  const parsed = parseResolverAddress(text);
  // Resolvers are addresses, not names: looking a resolver up would need a resolver. isIP checks
  // each octet (999.1.1.1 is no address).
  if (!parsed || isIP(parsed.host.replace(/%.*$/, '')) === 0) throw new UsageError(`--resolver takes an IP address with an optional port (e.g. 127.0.0.1:53 or [::1]:53), got "${text}"`);
  return parsed;
}
