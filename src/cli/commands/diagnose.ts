import type { Command } from 'commander';
import { Option } from 'commander';
import { ADMIN_KINDS } from '../../gateway-view/types.js';
import { configFormatOption, factorBetween, intBetween, nginxPrefixOption, positiveInt } from '../options.js';
import { widthOption } from '../terminal.js';
import { DEFAULT_PATIENCE } from '../../defaults.js';
import { DEFAULT_DIAGNOSIS_OPTIONS as DEFAULTS } from '../../diagnosis/options.js';
import type { DiagnoseCliOptions } from '../run-diagnose.js';

/** `30000` → `30s`, `500` → `500ms`: a default as the user would type it. */
const durationText = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

/** `--resolver` is repeatable: collect every value. */
const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

/** Options shared by `uh diagnose` and `uh lint` (lint fixes --offline). */
export function addDiagnoseOptions(command: Command, { probes }: { probes: boolean }): Command {
  command
    .argument(probes ? '[config]' : '<config>', `nginx.conf, an Envoy v3 YAML/JSON, or a uh YAML file${probes ? ' (optional with --admin of an Envoy admin: its config dump)' : ''}`)
    .option('--format <format>', 'output format: table, json, or another reporter (markdown, junit, sarif, github)', 'table')
    .option('--group <name>', 'only this upstream group')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
      .choices(['critical', 'warning', 'info']).default('critical'))
    .addOption(configFormatOption())
    .addOption(nginxPrefixOption())
    .option('--output <file>', 'also write the report to this file (the table still goes to the terminal)')
    .addOption(widthOption())
    .option('--rc <file>', 'per-cause policy file (default: .uhrc beside the config, else in the current directory)')
    .option('--no-rc', 'do not read a .uhrc')
    .option('--validate', 'also run the gateway\'s own check where it is installed (nginx -t, envoy --mode validate, haproxy -c)');
  if (!probes) return command;
  return command
    .option('--samples <n>', 'health samples per target, 1 to 100 (to catch flapping)', intBetween('--samples', 1, 100), DEFAULTS.samples)
    .option('--timeout <duration>', 'budget per probe when the config sets none (e.g. 2s, 500ms)', durationText(DEFAULTS.timeoutMs))
    .option('--patience <factor>', `listen up to FACTOR × the check timeout for a late answer, to tell hung from slow (1 = stop at the timeout; default ${DEFAULT_PATIENCE})`,
      factorBetween('--patience', 1, 20))
    .option('--deadline <duration>', 'budget for the whole run', durationText(DEFAULTS.deadlineMs))
    .option('--concurrency <n>', 'targets probed at once', positiveInt('--concurrency'), DEFAULTS.concurrency)
    .option('--resolver <ip[:port]>', 'DNS resolver to query: an IPv4 or [IPv6] address, optional port (repeatable; overrides the config\'s)', collect, [])
    .option('--hosts-file <path>', `hosts file consulted before DNS (default: ${DEFAULTS.hostsFile}, skipped when absent)`)
    .option('--resolv-conf <path>', 'the system resolver\'s config when no resolver is named: its nameservers, search list and ndots (default: /etc/resolv.conf; e.g. a pod\'s, to diagnose as the gateway\'s container resolves)')
    .option('--offline', 'static config checks only: no DNS, no connections')
    .option('--admin <endpoint>', 'also read the running gateway\'s own view (repeatable): http://host:port (Envoy admin, Caddy admin, NGINX Plus API, HAProxy …/stats) or unix:/path (HAProxy runtime API)', collect, [])
    .addOption(new Option('--admin-kind <kind>', 'which gateway answers at --admin (default: detected from what answers)').choices([...ADMIN_KINDS]))
    .option('--gateway-log <file>', 'also read the gateway\'s log (repeatable): nginx error log, Envoy access log, HAProxy log', collect, [])
    .option('--since <duration>', 'log lines this recent only (e.g. 15m, 1h)', '15m')
    .option('--through <url>', 'send one request per route through the gateway\'s listener (e.g. http://127.0.0.1:8080)');
}

/**
 * `uh diagnose <config>`: read the config, probe every upstream target layer by layer, print the
 * ranked causes. Exit 0/1 by --fail-on, 2 on usage/config errors (CONTRACT §3).
 */
export function defineDiagnose(program: Command): void {
  const command = program
    .command('diagnose')
    .description('probe every upstream of a gateway config layer by layer and rank the root causes');
  addDiagnoseOptions(command, { probes: true }).action(async (config: string | undefined, options: DiagnoseCliOptions, cmd: Command) => {
    const { runDiagnoseCommand } = await import('../run-diagnose.js');
    process.exitCode = await runDiagnoseCommand(config, { ...options, color: cmd.optsWithGlobals().color !== false });
  });
}
