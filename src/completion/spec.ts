import type { Command, Option } from 'commander';
import { CAUSE_IDS } from '../causes/catalog.js';

/** What a shell needs to know about one option. */
export interface OptionSpec {
  readonly long?: string;
  readonly short?: string;
  readonly description: string;
  /** The option takes a value. */
  readonly takesValue: boolean;
  /** Fixed values (commander `.choices()`), else undefined. */
  readonly choices?: readonly string[];
  /** The value is a path. */
  readonly file: boolean;
}

export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
  /** Values for the positional argument: fixed words, or files. */
  readonly argValues: readonly string[] | 'files' | 'none';
}

export interface ProgramSpec {
  readonly name: string;
  readonly options: readonly OptionSpec[];
  readonly commands: readonly CommandSpec[];
}

/** Value names that mean a path (`<file>`, `<dir>`, `--hosts-file <path>`). */
const PATH_VALUE = /<(file|path|dir|config)[^>]*>/;

/**
 * The completion model of a commander program: every subcommand with its options and arguments,
 * read from the program itself so a new command or option is completed without touching this.
 */
export function programSpec(program: Command, shells: readonly string[]): ProgramSpec {
  const commands: CommandSpec[] = program.commands.map((cmd) => ({
    name: cmd.name(),
    description: cmd.description(),
    options: [...cmd.options.map(optionSpec), HELP],
    argValues: argValues(cmd, program, shells),
  }));
  commands.push({ name: 'help', description: 'display help for a command', options: [], argValues: program.commands.map((c) => c.name()) });
  return { name: program.name(), options: [...program.options.map(optionSpec), HELP], commands };
}

const HELP: OptionSpec = { long: '--help', short: '-h', description: 'display help', takesValue: false, file: false };

function optionSpec(option: Option): OptionSpec {
  const takesValue = option.required || option.optional;
  return {
    ...(option.long ? { long: option.long } : {}),
    ...(option.short ? { short: option.short } : {}),
    description: option.description,
    takesValue,
    ...(option.argChoices ? { choices: [...option.argChoices] } : {}),
    file: takesValue && (PATH_VALUE.test(option.flags) || /file|output/.test(option.long ?? '')),
  };
}

/** Positional values: declared choices, cause ids for `explain`, shells for `completion`, else files. */
function argValues(cmd: Command, program: Command, shells: readonly string[]): CommandSpec['argValues'] {
  const arg = cmd.registeredArguments[0];
  if (!arg) return 'none';
  if (arg.argChoices) return [...arg.argChoices];
  if (cmd.name() === 'explain') return [...CAUSE_IDS];
  if (cmd.name() === 'completion') return [...shells];
  if (cmd.name() === 'help') return program.commands.map((c) => c.name());
  return 'files';
}

/** Every flag spelling of an option (`-o`, `--output`). */
export function flagsOf(option: OptionSpec): string[] {
  return [option.short, option.long].filter((f): f is string => f !== undefined);
}
