/**
 * How the terminal report should look where it is going: colour on a TTY (not with NO_COLOR or
 * --no-color), the terminal's width (`--width` overrides; a pipe or a terminal that reports 0
 * columns gets the reporter's default), and UTF-8 marks when the locale says UTF-8.
 */
import { Option } from 'commander';
import { localeIsUtf8 } from '../report/terminal/glyphs.js';
import { intBetween } from './options.js';

export interface TerminalFlags {
  readonly color?: boolean;
  readonly width?: number;
}

export interface TerminalView {
  readonly color: boolean;
  readonly width?: number;
  readonly unicode: boolean;
}

export function terminalView(flags: TerminalFlags, stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): TerminalView {
  const tty = Boolean(stream.isTTY);
  const columns = tty && stream.columns > 0 ? stream.columns : undefined;
  const width = flags.width ?? columns;
  return {
    color: flags.color !== false && tty && !env.NO_COLOR,
    unicode: localeIsUtf8(env),
    ...(width !== undefined ? { width } : {}),
  };
}

export function widthOption(): Option {
  return new Option('--width <columns>', 'lay the report out for this many columns (default: the terminal\'s; 80 in a pipe)')
    .argParser(intBetween('--width', 40, 1000));
}
