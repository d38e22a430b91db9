import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { EXIT, reportError } from './exit.js';
import { VERSION } from '../version.js';

export function buildProgram(): Command {
  const program = new Command('uh')
    .description('upstream health: diagnose and serve around "no healthy upstream"')
    .version(VERSION, '-V, --version')
    .option('--no-color', 'no colour in output (also NO_COLOR=1)')
    .showHelpAfterError('(run uh --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const define of COMMANDS) define(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version "errors" exit 0; every other commander error is a usage error.
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.exitCode = reportError(err, (text) => process.stderr.write(text));
  }
}
