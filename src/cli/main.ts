import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { EXIT, reportError } from './exit.js';
import { VERSION } from '../version.js';
import { exitAfterCleanup } from './interrupt.js';

export function buildProgram(): Command {
  const program = new Command('uh')
    .description('upstream health: diagnose and serve around "no healthy upstream"')
    .version(VERSION, '-V, --version')
    .option('--no-color', 'no colour in output (also NO_COLOR=1)')
    .showHelpAfterError('(run uh --help for usage)')
    .exitOverride()
    // One prefix for every error the user reads: commander's "error: unknown option" too.
    .configureOutput({ writeErr: (text) => process.stderr.write(text), outputError: (text, write) => write(text.replace(/^error: /, 'uh: ')) });
  for (const define of COMMANDS) define(program);
  return program;
}

/**
 * The process entry (bin/uh.js): `main` plus what only a whole process has. A reader that closes
 * the pipe (`| head -1`, `| grep -q`) ends uh quietly with exit 0, as standard tools end; an error
 * nothing caught is reported like any other bug (exit 3, the stack only with UH_DEBUG=1).
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: Error) => (isClosedPipe(err) ? exitAfterCleanup(EXIT.ok) : fatal(err)));
  }
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  await main(argv);
}

function isClosedPipe(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

function fatal(err: unknown): void {
  if (isClosedPipe(err)) exitAfterCleanup(EXIT.ok);
  else exitAfterCleanup(reportError(err, (text) => process.stderr.write(text)));
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
