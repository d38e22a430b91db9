import type { Command } from 'commander';
import { UsageError } from '../../errors.js';

interface ExplainOptions {
  readonly list?: boolean;
}

/** `uh explain <cause-id>`: print the runbook for a cause id from a report (or list every id). */
export function defineExplain(program: Command): void {
  program
    .command('explain')
    .description('print the runbook for a cause id (what it means, how to confirm, fix and prevent it)')
    .argument('[cause-id]', 'a cause id from a report, e.g. tcp-refused')
    .option('--list', 'list every cause id with its layer, severity and title')
    .action(async (id: string | undefined, options: ExplainOptions) => {
      const { explain, listCauses } = await import('../../runbooks/explain.js');
      if (options.list) {
        process.stdout.write(listCauses());
        return;
      }
      if (id === undefined) throw new UsageError('uh explain needs a cause id (or --list)');
      process.stdout.write(explain(id));
    });
}
