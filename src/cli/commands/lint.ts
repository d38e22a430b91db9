import type { Command } from 'commander';
import type { DiagnoseCliOptions } from '../run-diagnose.js';
import { addDiagnoseOptions } from './diagnose.js';

/** `uh lint <config>`: `uh diagnose --offline` — static checks for CI, no DNS, no connections. */
export function defineLint(program: Command): void {
  const command = program
    .command('lint')
    .description('static checks of a gateway config (no DNS, no connections): uh diagnose --offline');
  addDiagnoseOptions(command, { probes: false }).action(async (config: string, options: DiagnoseCliOptions, cmd: Command) => {
    const { runDiagnoseCommand } = await import('../run-diagnose.js');
    process.exitCode = await runDiagnoseCommand(config, { ...options, offline: true, color: cmd.optsWithGlobals().color !== false });
  });
}
