/**
 * The marks the terminal report draws with. Symbols (✓ ✗ ! –) only where they can be seen as
 * meant: a colour terminal with a UTF-8 locale. Anywhere else (a pipe, a CI log, a C locale, a
 * screen reader) words that survive grep and copy-paste: ok / FAIL / warn / -.
 */
import type { ProbeOutcome } from '../../probes/types.js';

export interface Glyphs {
  readonly outcome: Readonly<Record<ProbeOutcome, string>>;
  /** Between layers in the flow legend. */
  readonly arrow: string;
  /** A cut string ends with this. */
  readonly ellipsis: string;
  /** Between a cause id and its title. */
  readonly dash: string;
  /** Between items on one line (targets · file:line). */
  readonly dot: string;
  /** Box-drawing table borders (cli-table3's default) or plain ASCII ones. */
  readonly boxDrawing: boolean;
}

export const SYMBOL_GLYPHS: Glyphs = {
  outcome: { pass: '✓', fail: '✗', warn: '!', skip: '–' },
  arrow: '→',
  ellipsis: '…',
  dash: '—',
  dot: '·',
  boxDrawing: true,
};

export const WORD_GLYPHS: Glyphs = {
  outcome: { pass: 'ok', fail: 'FAIL', warn: 'warn', skip: '-' },
  arrow: '->',
  ellipsis: '...',
  dash: '-',
  dot: '-',
  boxDrawing: false,
};

/** UTF-8 box drawing without colour keeps the table's borders; the outcome marks become words. */
export const WORDS_WITH_BOXES: Glyphs = { ...SYMBOL_GLYPHS, outcome: WORD_GLYPHS.outcome };

export function glyphsFor(options: { readonly color: boolean; readonly unicode?: boolean }): Glyphs {
  const unicode = options.unicode ?? true;
  if (!unicode) return WORD_GLYPHS;
  return options.color ? SYMBOL_GLYPHS : WORDS_WITH_BOXES;
}

/**
 * Whether the locale says UTF-8, as a terminal program decides it: the first of LC_ALL, LC_CTYPE,
 * LANG that is set wins. Unset everywhere means the C locale: ASCII.
 */
export function localeIsUtf8(env: NodeJS.ProcessEnv): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}

/**
 * Typographic characters the report's own text uses (verdict lines, catalog titles, probe
 * messages), as ASCII for a terminal or log that is not UTF-8. Anything else an upstream sent is
 * left as it came: it is evidence.
 */
const ASCII_FOR: ReadonlyArray<readonly [RegExp, string]> = [
  [/[—–]/g, '-'], [/→/g, '->'], [/←/g, '<-'], [/…/g, '...'], [/·/g, '-'], [/≥/g, '>='], [/≤/g, '<='], [/×/g, 'x'],
  [/[“”]/g, '"'], [/[‘’]/g, "'"], [/✓/g, 'ok'], [/✗/g, 'FAIL'],
];

export function asciiPunctuation(text: string): string {
  return ASCII_FOR.reduce((out, [pattern, ascii]) => out.replace(pattern, ascii), text);
}
