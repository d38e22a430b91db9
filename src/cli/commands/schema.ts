import type { Command } from 'commander';

/**
 * `uh schema`: the JSON Schema of uh YAML on stdout, generated from the same key tables the parser
 * decodes with, for editors and CI validation.
 */
export function defineSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of uh YAML configs')
    .addHelpText(
      'after',
      [
        '',
        'Editor completion and checking (VS Code / any yaml-language-server client): save the schema',
        'and point to it from the first line of your config:',
        '',
        '  uh schema > uh.schema.json',
        '  # yaml-language-server: $schema=./uh.schema.json',
        '',
        'The same schema ships in the package as schema/uh.schema.json.',
      ].join('\n'),
    )
    .action(async () => {
      const { uhJsonSchemaText } = await import('../../config/uh/json-schema.js');
      process.stdout.write(uhJsonSchemaText());
    });
}
