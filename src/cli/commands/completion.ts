import { Argument } from 'commander';
import type { Command } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** `uh completion bash|zsh|fish`: a completion script generated from the program's own commands and options. */
export function defineCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'the shell to complete for').choices([...SHELLS]))
    .action(async (shell: (typeof SHELLS)[number]) => {
      const [{ buildProgram }, { programSpec }, { bashCompletion }, { zshCompletion }, { fishCompletion }] = await Promise.all([
        import('../main.js'),
        import('../../completion/spec.js'),
        import('../../completion/bash.js'),
        import('../../completion/zsh.js'),
        import('../../completion/fish.js'),
      ]);
      const spec = programSpec(buildProgram(), SHELLS);
      const render = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion }[shell];
      process.stdout.write(render(spec));
    });
}
