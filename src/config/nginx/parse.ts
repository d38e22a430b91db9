/**
 * Tokens → directive tree, with nginx's own structural errors (ngx_conf_parse): `unexpected "}"`,
 * `unexpected end of file, expecting ";" or "}"`, `unexpected ";"`. Semantics (which directive may
 * appear where) are not checked here.
 */
import { ConfigError } from '../../errors.js';
import type { SourceLocation } from '../../model/index.js';
import { MAX_DIRECTIVE_WORDS, MAX_NESTING_DEPTH, nestingTooDeep } from '../limits.js';
import type { Token } from './lexer.js';
import { lex } from './lexer.js';
import { ReadBudget } from './read-budget.js';

/** One nginx directive: `name args...;`, `name args... { block }`, or a `*_by_lua_block` with raw Lua. */
export interface Directive {
  readonly name: string;
  readonly args: readonly string[];
  /** Children of a `{ ... }` block; undefined for simple directives. */
  readonly block?: readonly Directive[];
  /** Raw Lua source of a `*_by_lua_block`. */
  readonly lua?: string;
  readonly loc: SourceLocation;
}

/**
 * Parse one file's text into its top-level directives (includes are not followed here). Blocks
 * nest at most MAX_NESTING_DEPTH deep and a directive has at most MAX_DIRECTIVE_WORDS words, so
 * every later walk of the tree can recurse safely.
 */
export function parseDirectives(text: string, file: string, budget: ReadBudget = new ReadBudget()): Directive[] {
  return new TreeBuilder(lex(text, file, budget), endOfFile(text, file)).run();
}

/** Where the text ends (counted, not split: a file of 16 million newlines stays cheap). */
function endOfFile(text: string, file: string): SourceLocation {
  let line = 1;
  let lastNewline = -1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    line++;
    lastNewline = i;
  }
  return { file, line, column: text.length - lastNewline };
}

interface OpenBlock {
  readonly children: Directive[];
  readonly opener?: SourceLocation;
}

class TreeBuilder {
  readonly #tokens: Iterable<Token>;
  readonly #eof: SourceLocation;

  constructor(tokens: Iterable<Token>, eof: SourceLocation) {
    this.#tokens = tokens;
    this.#eof = eof;
  }

  run(): Directive[] {
    const root: OpenBlock = { children: [] };
    const stack: OpenBlock[] = [root];
    const pending: Token[] = [];
    let previous: Token | undefined;
    // One token of lookahead: a `{{` template placeholder is told by the brace after the brace.
    const tokens = this.#tokens[Symbol.iterator]();
    let next = tokens.next();
    while (!next.done) {
      const token = next.value;
      next = tokens.next();
      const following = next.done ? undefined : next.value;
      const top = stack[stack.length - 1]!;
      const before = previous;
      previous = token;
      switch (token.kind) {
        case 'word':
          if (pending.length >= MAX_DIRECTIVE_WORDS) {
            throw new ConfigError('UH_CONFIG_PARSE', `more than ${MAX_DIRECTIVE_WORDS.toLocaleString('en-US')} words in the "${pending[0]!.value}" directive (it starts at line ${pending[0]!.loc.line}; a ";" missing?)`, token.loc);
          }
          pending.push(token);
          break;
        case ';':
          if (pending.length === 0) throw unexpected(';', token.loc);
          top.children.push(directive(pending));
          pending.length = 0;
          break;
        case 'lua':
          if (pending.length === 0) throw unexpected('{', token.loc);
          top.children.push({ ...directive(pending), lua: token.value });
          pending.length = 0;
          break;
        case '{': {
          if (pending.length === 0) {
            const template = isTemplateBrace(before, token) || isTemplateBrace(token, following);
            throw template ? templateError(token.loc) : unexpected('{', token.loc);
          }
          if (stack.length > MAX_NESTING_DEPTH) throw new ConfigError('UH_CONFIG_PARSE', nestingTooDeep(), token.loc);
          const children: Directive[] = [];
          top.children.push({ ...directive(pending), block: children });
          stack.push({ children, opener: token.loc });
          pending.length = 0;
          break;
        }
        case '}':
          if (pending.length > 0 || stack.length === 1) throw unexpected('}', token.loc);
          stack.pop();
          break;
      }
    }
    if (pending.length > 0) {
      throw new ConfigError('UH_CONFIG_PARSE', 'unexpected end of file, expecting ";" or "}"', this.#eof);
    }
    if (stack.length > 1) {
      const opener = stack[stack.length - 1]!.opener!;
      throw new ConfigError(
        'UH_CONFIG_PARSE',
        `unexpected end of file, expecting "}" (the "{" at line ${opener.line} is never closed)`,
        this.#eof,
      );
    }
    return root.children;
  }
}

function directive(words: readonly Token[]): Directive {
  const [first, ...rest] = words;
  return { name: first!.value, args: rest.map((t) => t.value), loc: first!.loc };
}

function unexpected(what: string, loc: SourceLocation): ConfigError {
  return new ConfigError('UH_CONFIG_PARSE', `unexpected "${what}"`, loc);
}

/** `{{` written as one: a Helm/Go, Jinja or consul-template placeholder, not nginx syntax. */
function isTemplateBrace(before: Token | undefined, token: Token | undefined): boolean {
  return before?.kind === '{' && token?.kind === '{' && before.loc.line === token.loc.line && before.loc.column === token.loc.column - 1;
}

/** nginx says `unexpected "{"` here too; uh adds what it most likely is and what to do. */
function templateError(loc: SourceLocation): ConfigError {
  return new ConfigError(
    'UH_CONFIG_PARSE',
    'unexpected "{" ("{{" looks like a template placeholder: render the template first, e.g. `helm template` or `consul-template -once`, then run uh on the result)',
    loc,
  );
}
