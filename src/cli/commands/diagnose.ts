import type { Command } from 'commander';
import { Option } from 'commander';
import { configFormatOption, factorBetween, nginxPrefixOption, positiveInt } from '../options.js';
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
    .argument('<config>', 'nginx.conf, an Envoy v3 YAML/JSON, or a uh YAML file')
    .option('--format <format>', 'output format: table, json, or another reporter (markdown, junit, sarif, github)', 'table')
    .option('--group <name>', 'only this upstream group')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
      .choices(['critical', 'warning', 'info']).default('critical'))
    .addOption(configFormatOption())
    .addOption(nginxPrefixOption())
    .option('--output <file>', 'also write the report to this file (the table still goes to the terminal)')
    .option('--rc <file>', 'per-cause policy file (default: .uhrc beside the config, else in the current directory)')
    .option('--no-rc', 'do not read a .uhrc')
    .option('--validate', 'also run the gateway\'s own check where it is installed (nginx -t, envoy --mode validate)');
  if (!probes) return command;
  return command
    .option('--samples <n>', 'health samples per target (to catch flapping)', positiveInt('--samples'), DEFAULTS.samples)
    .option('--timeout <duration>', 'budget per probe when the config sets none (e.g. 2s, 500ms)', durationText(DEFAULTS.timeoutMs))
    .option('--patience <factor>', `listen up to FACTOR × the check timeout for a late answer, to tell hung from slow (1 = stop at the timeout; default ${DEFAULT_PATIENCE})`,
      factorBetween('--patience', 1, 20))
    .option('--deadline <duration>', 'budget for the whole run', durationText(DEFAULTS.deadlineMs))
    .option('--concurrency <n>', 'targets probed at once', positiveInt('--concurrency'), DEFAULTS.concurrency)
    .option('--resolver <host:port>', 'DNS resolver to query (repeatable; overrides the config\'s)', collect, [])
    .option('--hosts-file <path>', 'hosts file consulted before DNS', DEFAULTS.hostsFile)
    .option('--offline', 'static config checks only: no DNS, no connections');
}

/**
 * `uh diagnose <config>`: read the config, probe every upstream target layer by layer, print the
 * ranked causes. Exit 0/1 by --fail-on, 2 on usage/config errors (CONTRACT §3).
 */
export function defineDiagnose(program: Command): void {
  const command = program
    .command('diagnose')
    .description('probe every upstream of a gateway config layer by layer and rank the root causes');
  addDiagnoseOptions(command, { probes: true }).action(async (config: string, options: DiagnoseCliOptions, cmd: Command) => {
    const { runDiagnoseCommand } = await import('../run-diagnose.js');
    process.exitCode = await runDiagnoseCommand(config, { ...options, color: cmd.optsWithGlobals().color !== false });
  });
}
