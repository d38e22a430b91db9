/**
 * HAProxy's line tokenizer (`parse_line()` in src/tools.c): one statement per line; words split
 * on blanks; `#` outside quotes starts a comment; a backslash escapes the next character (`\ `,
 * `\#`, `\\`, `\"`, `\'`, `\$`; `\r`, `\n`, `\t` and `\xHH` are control bytes); double quotes
 * group words and keep backslash escapes; single quotes are literal. Quotes may sit inside a word
 * (`x"a b"y`). Environment variables (`${VAR}`, `"$VAR"`) are kept verbatim as placeholders:
 * uh does not read the environment of the machine the gateway runs on.
 */
import { ConfigError } from '../../errors.js';
import type { SourceLocation } from '../../model/index.js';
import { HAPROXY_LIMITS } from './limits.js';

export interface Word {
  readonly text: string;
  /** 1-based column where the word starts. */
  readonly column: number;
}

export interface Statement {
  readonly words: readonly Word[];
  /** The line as written, without its comment and surrounding blanks (for "as written" values). */
  readonly raw: string;
  readonly loc: SourceLocation;
}

const ESCAPES: Readonly<Record<string, string>> = { r: '\r', n: '\n', t: '\t' };

/** Every non-empty statement of `text`, in order. Throws a located ConfigError like HAProxy's own. */
export function tokenize(text: string, file: string): Statement[] {
  const out: Statement[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const loc = { file, line: i + 1, column: 1 };
    if (line.length > HAPROXY_LIMITS.maxLineLength) {
      throw new ConfigError('UH_CONFIG_PARSE', `line too long (${line.length} characters; uh reads lines up to ${HAPROXY_LIMITS.maxLineLength})`, loc);
    }
    const statement = tokenizeLine(line, loc);
    if (statement) out.push(statement);
  }
  return out;
}

/** Words of a line without quotes or backslashes (most lines): a regex, no per-character work. */
function plainWords(line: string, loc: SourceLocation): Word[] {
  const words: Word[] = [];
  for (const m of line.matchAll(/[^ \t#]+|#/g)) {
    if (m[0] === '#') break;
    if (words.length >= HAPROXY_LIMITS.maxWords) {
      throw new ConfigError('UH_CONFIG_PARSE', `too many words, truncating after word ${HAPROXY_LIMITS.maxWords}`, { ...loc, column: m.index + 1 });
    }
    words.push({ text: m[0], column: m.index + 1 });
  }
  return words;
}

function tokenizeLine(line: string, loc: SourceLocation): Statement | undefined {
  if (!/["'\\]/.test(line)) {
    const words = plainWords(line, loc);
    if (words.length === 0) return undefined;
    const hash = line.indexOf('#');
    return { words, raw: line.slice(words[0]!.column - 1, hash < 0 ? line.length : hash).trimEnd(), loc: { ...loc, column: words[0]!.column } };
  }
  const words: Word[] = [];
  let current: string | undefined;
  let start = 0;
  let quote: '"' | "'" | undefined;
  let quoteAt = 0;
  let end = line.length;
  const push = (): void => {
    if (current === undefined) return;
    if (words.length >= HAPROXY_LIMITS.maxWords) {
      throw new ConfigError('UH_CONFIG_PARSE', `too many words, truncating after word ${HAPROXY_LIMITS.maxWords}`, { ...loc, column: start + 1 });
    }
    words.push({ text: current, column: start + 1 });
    current = undefined;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else current += c;
      continue;
    }
    if (c === '\\' && i + 1 < line.length) {
      if (current === undefined) { current = ''; start = i; }
      const next = line[i + 1]!;
      const hex = next === 'x' ? /^[0-9a-fA-F]{2}/.exec(line.slice(i + 2)) : null;
      if (hex) {
        current += String.fromCharCode(parseInt(hex[0], 16));
        i += 3;
      } else {
        current += ESCAPES[next] ?? next;
        i += 1;
      }
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else current += c;
      continue;
    }
    if (c === '"' || c === "'") {
      if (current === undefined) { current = ''; start = i; }
      quote = c;
      quoteAt = i;
      continue;
    }
    if (c === '#') { end = i; break; }
    if (c === ' ' || c === '\t') { push(); continue; }
    if (current === undefined) { current = ''; start = i; }
    current += c;
  }
  if (quote !== undefined) throw new ConfigError('UH_CONFIG_PARSE', `unmatched quote at position ${quoteAt + 1}`, { ...loc, column: quoteAt + 1 });
  push();
  if (words.length === 0) return undefined;
  return { words, raw: line.slice(words[0]!.column - 1, end).trimEnd(), loc: { ...loc, column: words[0]!.column } };
}

/** Whether a value still holds an environment-variable placeholder (`${VAR}` or `$VAR`). */
export function hasPlaceholder(text: string): boolean {
  return /\$\{?[A-Za-z_]/.test(text);
}
