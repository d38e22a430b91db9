/**
 * `uh diagnose` / `uh lint` behind the lazy import: flags → options, load → probe → diagnose →
 * report → exit code. stdout gets only the report (for json: only the document); the spinner
 * goes to stderr on a TTY.
 */
import { loadConfig, readConfigText } from '../config/load.js';
import { resolveRcFile } from '../config/rc-file.js';
import { detectFormat } from '../config/detect-format.js';
import { diagnosisForConfigError } from '../diagnosis/config-error.js';
import type { GatewayVerdict } from '../diagnosis/gateway-validate.js';
import { rejectionFinding, validateWithGateway, withFirstFinding } from '../diagnosis/gateway-validate.js';
import type { Severity } from '../diagnosis/catalog.js';
import type { Diagnosis } from '../diagnosis/types.js';
import type { DiagnosisOptions } from '../diagnosis/run-diagnosis.js';
import { runDiagnosis } from '../diagnosis/run-diagnosis.js';
import { ConfigError, UsageError } from '../errors.js';
import type { ConfigFormat, GatewayConfig, ResolverAddress } from '../model/index.js';
import { formatLocation, isIpLiteral, parseDuration, parseResolverAddress } from '../model/index.js';
import { exitCodeFor } from '../report/exit-code.js';
import { REPORTERS } from '../report/index.js';
import { VERSION } from './main.js';
import { listenForInterrupt } from './interrupt.js';
import { checkOutputFile, writeOutputFile } from './output-file.js';
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
  if (flags.output !== undefined) checkOutputFile(flags.output);
  const loaded = loadForReport(path, flags, (diagnosis) => writeReport(diagnosis, flags));
  const config = withRcFile(loaded, path, flags);
  // The gateway's own check runs alongside uh's; its verdict is folded in below.
  const gatewayCheck = flags.validate ? validateWithGateway(config.source.format, path, flags.nginxPrefix ? { nginxPrefix: flags.nginxPrefix } : {}) : undefined;
  // What the parser could not model (unsupported directives, ignored fields) goes to stderr, never into the report.
  for (const note of config.notes) {
    if (note.severity === 'warning') process.stderr.write(`uh: warning: ${note.loc ? `${formatLocation(note.loc)}: ` : ''}${note.message}\n`);
  }
  // Ctrl-C/SIGTERM while probing: abort the probes, stop the spinner, exit 130/143.
  const interrupt = listenForInterrupt();
  const progress = await startProgress(wantsProgress() && !options.offline, `probing ${path}`, interrupt);
  let diagnosis: Diagnosis;
  try {
    diagnosis = await runDiagnosis(config, { ...options, signal: interrupt.signal, ...(progress.onProgress ? { onProgress: progress.onProgress } : {}) });
  } finally {
    progress.stop();
    interrupt.dispose();
  }
  if (gatewayCheck) diagnosis = foldGatewayVerdict(diagnosis, await gatewayCheck);
  writeReport(diagnosis, flags);
  return exitCodeFor(diagnosis.findings, flags.failOn);
}

/**
 * Load the config; when it cannot be read and the format is for machines, first write a report
 * whose one finding is the located `config-parse-error`, then rethrow (exit 2, message on stderr).
 */
function loadForReport(path: string, flags: DiagnoseCliOptions, report: (d: Diagnosis) => void): GatewayConfig {
  try {
    return loadConfig(path, {
      ...(flags.configFormat ? { format: flags.configFormat } : {}),
      ...(flags.nginxPrefix ? { nginxPrefix: flags.nginxPrefix } : {}),
    });
  } catch (err) {
    const format = err instanceof ConfigError && flags.format !== 'table' ? knownFormat(path, flags) : undefined;
    if (err instanceof ConfigError && format) report(diagnosisForConfigError(err, path, format));
    throw err;
  }
}

/** `.uhrc`'s `ignore:` merged into the config's own (a new object: the model is readonly). */
function withRcFile(config: GatewayConfig, path: string, flags: DiagnoseCliOptions): GatewayConfig {
  const rc = resolveRcFile(path, flags.rc);
  if (!rc || rc.ignore.length === 0) return config;
  process.stderr.write(`uh: ${rc.path}: ignoring ${rc.ignore.join(', ')}\n`);
  return { ...config, ignore: [...new Set([...config.ignore, ...rc.ignore])] };
}

/** A rejection by the gateway is the first finding; an acceptance adds nothing; a skip is a note. */
function foldGatewayVerdict(diagnosis: Diagnosis, verdict: GatewayVerdict): Diagnosis {
  switch (verdict.kind) {
    case 'accepted':
      return diagnosis;
    case 'skipped':
      process.stderr.write(`uh: --validate: ${verdict.reason}; skipped\n`);
      return diagnosis;
    case 'rejected':
      // The gateway will not load this config, so nothing behind it is served from it.
      return { ...diagnosis, verdict: 'no-healthy-upstream', findings: withFirstFinding(diagnosis.findings, rejectionFinding(verdict)) };
  }
}

/** The config's format when it can be told (flag, else content); undefined when not even that. */
function knownFormat(path: string, flags: DiagnoseCliOptions): ConfigFormat | undefined {
  if (flags.configFormat) return flags.configFormat;
  try {
    return detectFormat(readConfigText(path), path);
  } catch {
    return undefined;
  }
}

function writeReport(diagnosis: Diagnosis, flags: DiagnoseCliOptions): void {
  const reporter = REPORTERS[flags.format]!;
  const color = flags.color !== false && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const width = process.stdout.isTTY ? process.stdout.columns : undefined;
  const report = reporter(diagnosis, { color, version: VERSION, failOn: flags.failOn, ...(width ? { width } : {}) });
  if (flags.output) {
    writeOutputFile(flags.output, flags.format === 'table' ? reporter(diagnosis, { color: false, version: VERSION, failOn: flags.failOn }) : report);
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
