/**
 * `--validate`: where the gateway binary is installed, run the gateway's own check on the config
 * (`nginx -t`, `envoy --mode validate`, `haproxy -c`) and fold its verdict in. A rejection becomes a
 * `config-parse-error` finding ranked first, its evidence the gateway's own message lines; an
 * acceptance adds nothing. A missing binary or a check that cannot finish is an honest skip
 * (a note on stderr), never a pass.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { ConfigFormat, SourceLocation } from '../model/index.js';
import { cause } from '../causes/catalog.js';
import type { Finding } from './types.js';

export type GatewayVerdict =
  | { readonly kind: 'accepted'; readonly command: string }
  | { readonly kind: 'rejected'; readonly command: string; readonly lines: readonly string[]; readonly loc?: SourceLocation }
  | { readonly kind: 'skipped'; readonly reason: string };

export interface ValidateOptions {
  /** nginx `-p`. */
  readonly nginxPrefix?: string;
  readonly timeoutMs?: number;
  /** Output kept from the gateway, per stream. */
  readonly maxBuffer?: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_BUFFER = 1024 * 1024;
/** Evidence lines kept from a rejection (Envoy can print a screenful). */
const MAX_EVIDENCE_LINES = 12;

/** The gateway command that checks `configPath`, or undefined for uh YAML (no gateway binary). */
export function gatewayCommand(format: ConfigFormat, configPath: string, options: ValidateOptions = {}): { file: string; args: string[] } | undefined {
  const config = path.resolve(configPath);
  switch (format) {
    case 'nginx':
      return { file: 'nginx', args: ['-t', '-q', '-c', config, ...(options.nginxPrefix ? ['-p', path.resolve(options.nginxPrefix)] : [])] };
    case 'envoy':
      return { file: 'envoy', args: ['--mode', 'validate', '-c', config] };
    case 'haproxy':
      // Not `-q`: it silences the ALERT lines that say what is wrong.
      return { file: 'haproxy', args: ['-c', '-f', config] };
    case 'uh':
      return undefined;
  }
}

/** Run the gateway's own check; never throws. */
export function validateWithGateway(format: ConfigFormat, configPath: string, options: ValidateOptions = {}): Promise<GatewayVerdict> {
  const command = gatewayCommand(format, configPath, options);
  if (!command) return Promise.resolve({ kind: 'skipped', reason: 'a uh YAML config has no gateway binary to check it (uh\'s own checks ran)' });
  const shown = [command.file, ...command.args].join(' ');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve) => {
    execFile(command.file, command.args, { timeout: timeoutMs, maxBuffer: options.maxBuffer ?? DEFAULT_MAX_BUFFER, encoding: 'utf8', windowsHide: true }, (err, stdout, stderr) => {
      if (!err) {
        resolve({ kind: 'accepted', command: shown });
        return;
      }
      const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: NodeJS.Signals | null; code?: string | number | null };
      if (e.code === 'ENOENT') resolve({ kind: 'skipped', reason: `${command.file} is not installed` });
      else if (e.killed || e.signal) resolve({ kind: 'skipped', reason: `\`${shown}\` did not finish within ${timeoutMs / 1000}s` });
      else if (typeof e.code !== 'number') resolve({ kind: 'skipped', reason: `\`${shown}\` could not run (${e.code ?? e.message})` });
      else {
        const lines = gatewayMessages(format, `${stderr}\n${stdout}`);
        const loc = locationOf(lines);
        resolve({ kind: 'rejected', command: shown, lines: lines.length > 0 ? lines : [`\`${shown}\` exited ${e.code}`], ...(loc ? { loc } : {}) });
      }
    });
  });
}

/**
 * The lines worth showing from the gateway's output: nginx's `YYYY/MM/DD hh:mm:ss [emerg] pid#tid: `
 * prefix (when the config's error_log is open) is rewritten to the familiar `nginx: [emerg] `, and
 * the summary lines (`test failed`, `syntax is ok`) dropped; for Envoy the critical/error lines.
 */
export function gatewayMessages(format: ConfigFormat, output: string): string[] {
  const lines = output.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  if (format === 'nginx') {
    return lines
      .map((l) => l.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(\w+)\] \d+#\d+: (?:\*\d+ )?/, 'nginx: [$1] '))
      .filter((l) => !/^nginx: (?:the )?configuration file .* (?:test failed|syntax is ok|test is successful)$/.test(l))
      .slice(0, MAX_EVIDENCE_LINES);
  }
  if (format === 'haproxy') {
    // `[ALERT]    (1234) : config : parsing [haproxy.cfg:7] : …` → `haproxy: [ALERT] parsing [haproxy.cfg:7] : …`.
    return lines
      .filter((l) => /^\[(?:ALERT|WARNING)\]/.test(l))
      .map((l) => l.replace(/^\[(\w+)\]\s+\(\d+\) : (?:config : )?/, 'haproxy: [$1] '))
      .filter((l) => !/Fatal errors found in configuration|Error\(s\) found in configuration file/.test(l))
      .slice(0, MAX_EVIDENCE_LINES);
  }
  const severe = lines.filter((l) => /\[(?:critical|error)\]/.test(l));
  return (severe.length > 0 ? severe : lines).slice(-MAX_EVIDENCE_LINES);
}

/** `… in /etc/nginx/nginx.conf:3` (nginx) or `[haproxy.cfg:3]` (HAProxy) → that file and line (column unknown: 0). */
export function locationOf(lines: readonly string[]): SourceLocation | undefined {
  for (const line of lines) {
    const m = / in (\S+):(\d+)\s*$/.exec(line) ?? /\[([^\]\s]+):(\d+)\]/.exec(line);
    if (m) return { file: m[1]!, line: Number(m[2]), column: 0 };
  }
  return undefined;
}

/** The finding for a rejection (rank 1; renumber the rest with `withFirstFinding`). */
export function rejectionFinding(verdict: Extract<GatewayVerdict, { kind: 'rejected' }>): Finding {
  const entry = cause('config-parse-error');
  return {
    rank: 1, cause: entry.id, layer: entry.layer, severity: entry.severity, confidence: 1, group: '', targets: [],
    evidence: verdict.lines, remediation: entry.remediation, runbook: entry.runbook, ...(verdict.loc ? { loc: verdict.loc } : {}),
  };
}

/** `first` as rank 1, the others after it in their order, renumbered 2, 3, … (pure). */
export function withFirstFinding(findings: readonly Finding[], first: Finding): Finding[] {
  return [first, ...findings].map((f, i) => (f.rank === i + 1 ? f : { ...f, rank: i + 1 }));
}
