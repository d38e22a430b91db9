/**
 * nginx's tokenizer, following `ngx_conf_read_token()` (src/core/ngx_conf_file.c) rule for rule,
 * so that uh splits a file exactly where nginx does:
 * - words end at whitespace, `;` or `{`; a `}` inside a word is part of it (nginx does the same);
 * - `"..."` / `'...'` only open at the start of a token and must be followed by whitespace, `;`, `{` or `)`;
 * - `\"`, `\'`, `\\`, `\t`, `\r`, `\n` are unescaped in every word, other backslashes are kept (regexes);
 * - `#` starts a comment only at the start of a token;
 * - `${` keeps the `{` inside the word (braced variables such as `${uri}`);
 * - not nginx's, uh's: a `{{ … }}` template placeholder (closed on its line) after the directive
 *   name is kept inside the word, so an unrendered template is read, not refused (to-model notes it);
 * - the body of a `*_by_lua_block` directive is Lua, taken raw up to its balanced closing brace
 *   (as the lua-nginx-module's own lexer does), honouring Lua strings, long brackets and comments.
 */
import { ConfigError } from '../../errors.js';
import type { SourceLocation } from '../../model/index.js';
import { scanLuaBlock } from './lua-block.js';
import { ReadBudget } from './read-budget.js';

export type TokenKind = 'word' | '{' | '}' | ';' | 'lua';

export interface Token {
  readonly kind: TokenKind;
  /** Unescaped text for words; the raw Lua source (without the outer braces) for `lua`. */
  readonly value: string;
  /** Whether the word was written in quotes (a quoted `"rewrite_by_lua_block"` is still a directive name). */
  readonly quoted: boolean;
  readonly loc: SourceLocation;
}

const WS = new Set([' ', '\t', '\r', '\n']);

/**
 * The full token list of one file; throws ConfigError(UH_CONFIG_PARSE) at the offending character.
 * A leading UTF-8 byte-order mark (editors on Windows add one) is skipped rather than glued to the
 * first directive name.
 */
export function tokenize(text: string, file: string, budget: ReadBudget = new ReadBudget()): Token[] {
  return [...lex(text, file, budget)];
}

/** The same tokens one at a time, so a reader can stop at the first one it refuses (limits.ts). */
export function lex(text: string, file: string, budget: ReadBudget = new ReadBudget()): Generator<Token> {
  return new Lexer(text.startsWith('\uFEFF') ? text.slice(1) : text, file, budget).run();
}

class Lexer {
  readonly #text: string;
  readonly #file: string;
  readonly #budget: ReadBudget;
  #pos = 0;
  #line = 1;
  #col = 1;
  /** Tokens read by the current step, not yet handed out (one, or none). */
  readonly #tokens: Token[] = [];
  /** True while the next word would be a directive name (after `;`, `{`, `}` or at the start). */
  #statementStart = true;
  /** A `*_by_lua_block` name was read in the current statement: its `{` opens Lua. */
  #luaPending = false;

  constructor(text: string, file: string, budget: ReadBudget) {
    this.#text = text;
    this.#file = file;
    this.#budget = budget;
  }

  *run(): Generator<Token> {
    for (;;) {
      yield* this.#tokens;
      this.#tokens.length = 0;
      this.#skipSpaceAndComments();
      if (this.#pos >= this.#text.length) return;
      const ch = this.#text[this.#pos]!;
      const loc = this.#loc();
      if (ch === ';' || ch === '}') {
        this.#advance(1);
        this.#push(ch, ch, false, loc);
      } else if (ch === '{' && !this.#statementStart && this.#placeholderEnd() !== undefined) {
        this.#readWord(loc);
      } else if (ch === '{') {
        this.#advance(1);
        if (this.#luaPending) this.#readLua(loc);
        else this.#push('{', '{', false, loc);
      } else if (ch === '"' || ch === "'") {
        this.#readQuoted(ch, loc);
      } else {
        this.#readWord(loc);
      }
    }
  }

  #loc(): SourceLocation {
    return { file: this.#file, line: this.#line, column: this.#col };
  }

  #advance(n: number): void {
    for (let i = 0; i < n && this.#pos < this.#text.length; i++) {
      if (this.#text[this.#pos] === '\n') {
        this.#line++;
        this.#col = 1;
      } else {
        this.#col++;
      }
      this.#pos++;
    }
  }

  #push(kind: TokenKind, value: string, quoted: boolean, loc: SourceLocation): void {
    this.#budget.token(loc);
    if (kind === 'word') {
      if (this.#statementStart && value.endsWith('_by_lua_block')) this.#luaPending = true;
      this.#statementStart = false;
    } else {
      this.#statementStart = true;
      this.#luaPending = false;
    }
    this.#tokens.push({ kind, value, quoted, loc });
  }

  #skipSpaceAndComments(): void {
    while (this.#pos < this.#text.length) {
      const ch = this.#text[this.#pos]!;
      if (WS.has(ch)) {
        this.#advance(1);
      } else if (ch === '#') {
        while (this.#pos < this.#text.length && this.#text[this.#pos] !== '\n') this.#advance(1);
      } else {
        return;
      }
    }
  }

  #readWord(loc: SourceLocation): void {
    const start = this.#pos;
    let variable = false;
    while (this.#pos < this.#text.length) {
      const ch = this.#text[this.#pos]!;
      if (ch === '{' && variable) {
        this.#advance(1);
        variable = false;
        continue;
      }
      variable = false;
      const placeholderEnd = ch === '{' ? this.#placeholderEnd() : undefined;
      if (placeholderEnd !== undefined) {
        this.#advance(placeholderEnd - this.#pos);
        continue;
      }
      if (ch === '\\') {
        this.#advance(2);
        continue;
      }
      if (WS.has(ch) || ch === ';' || ch === '{') break;
      if (ch === '$') variable = true;
      this.#advance(1);
    }
    this.#push('word', unescape(this.#text.slice(start, this.#pos)), false, loc);
  }

  /**
   * At `{{`: the offset just past its `}}` on the same line (a template placeholder kept inside the
   * word, as nginx would never see it in a rendered file), or undefined when this is not one.
   */
  #placeholderEnd(): number | undefined {
    if (this.#text[this.#pos] !== '{' || this.#text[this.#pos + 1] !== '{') return undefined;
    const lineEnd = this.#text.indexOf('\n', this.#pos);
    const close = this.#text.indexOf('}}', this.#pos + 2);
    if (close < 0 || (lineEnd >= 0 && close > lineEnd)) return undefined;
    return close + 2;
  }

  #readQuoted(quote: string, loc: SourceLocation): void {
    this.#advance(1);
    const start = this.#pos;
    for (;;) {
      if (this.#pos >= this.#text.length) {
        const kind = quote === '"' ? 'double' : 'single';
        throw new ConfigError('UH_CONFIG_PARSE', `unexpected end of file: unterminated ${kind}-quoted string`, loc);
      }
      const ch = this.#text[this.#pos]!;
      if (ch === '\\') {
        this.#advance(2);
        continue;
      }
      if (ch === quote) break;
      this.#advance(1);
    }
    const value = unescape(this.#text.slice(start, this.#pos));
    this.#advance(1);
    const next = this.#text[this.#pos];
    if (next !== undefined && !WS.has(next) && next !== ';' && next !== '{' && next !== ')') {
      throw new ConfigError('UH_CONFIG_PARSE', `unexpected "${next}"`, this.#loc());
    }
    this.#push('word', value, true, loc);
  }

  #readLua(openLoc: SourceLocation): void {
    const end = scanLuaBlock(this.#text, this.#pos);
    if (end === undefined) {
      throw new ConfigError('UH_CONFIG_PARSE', 'unexpected end of file: unbalanced "{" in Lua block', openLoc);
    }
    const body = this.#text.slice(this.#pos, end);
    this.#advance(end + 1 - this.#pos);
    this.#push('lua', body, false, openLoc);
  }
}

/** nginx unescapes `\"`, `\'`, `\\`, `\t`, `\r`, `\n` in every word and keeps other backslashes. */
function unescape(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(["'\\trn])/g, (_m, c: string) => {
    if (c === 't') return '\t';
    if (c === 'r') return '\r';
    if (c === 'n') return '\n';
    return c;
  });
}
