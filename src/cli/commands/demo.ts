import type { Command } from 'commander';
import { terminalView, widthOption } from '../terminal.js';

interface DemoFlags {
  readonly format: string;
  readonly keep?: boolean;
  readonly width?: number;
}

/**
 * `uh demo`: start faulty upstreams on loopback and diagnose them. Exits 0 when the demo ran —
 * the findings are the point of it, not a failure.
 */
export function defineDemo(program: Command): void {
  program
    .command('demo')
    .description('start faulty upstreams on loopback (refused, hang, expired cert, ...) and diagnose them')
    .option('--format <format>', 'output format: table or json (any `uh diagnose` format)', 'table')
    .option('--keep', 'keep the upstreams running and print the config path, until Ctrl-C')
    .addOption(widthOption())
    .action(async (flags: DemoFlags, cmd: Command) => {
      const [{ runDemo }, { VERSION }, { listenForInterrupt }] = await Promise.all([
        import('../../demo/run-demo.js'),
        import('../../version.js'),
        import('../interrupt.js'),
      ]);
      const isJson = flags.format !== 'table';
      // Ctrl-C/SIGTERM (the end of `--keep`, or an early stop): temp dir removed, exit 130/143.
      const interrupt = listenForInterrupt();
      try {
        await runDemo({
          format: flags.format,
          ...terminalView({ color: cmd.optsWithGlobals().color !== false, ...(flags.width !== undefined ? { width: flags.width } : {}) }),
          version: VERSION,
          ...(flags.keep ? { keep: true } : {}),
          write: (text) => process.stdout.write(text),
          note: (text) => (isJson ? process.stderr : process.stdout).write(`${text}\n`),
          interrupt,
        });
      } finally {
        interrupt.dispose();
      }
    });
}
