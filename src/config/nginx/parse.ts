/**
 * Tokens → directive tree, with nginx's own structural errors (ngx_conf_parse): `unexpected "}"`,
 * `unexpected end of file, expecting ";" or "}"`, `unexpected ";"`. Semantics (which directive may
 * appear where) are not checked here.
 */
import { ConfigError } from '../../errors.js';
import type { SourceLocation } from '../../model/index.js';
import type { Token } from './lexer.js';
import { tokenize } from './lexer.js';

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

/** Parse one file's text into its top-level directives (includes are not followed here). */
export function parseDirectives(text: string, file: string): Directive[] {
  const tokens = tokenize(text, file);
  return new TreeBuilder(tokens, endOfFile(text, file)).run();
}

function endOfFile(text: string, file: string): SourceLocation {
  const lines = text.split('\n');
  return { file, line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

interface OpenBlock {
  readonly children: Directive[];
  readonly opener?: SourceLocation;
}

class TreeBuilder {
  readonly #tokens: readonly Token[];
  readonly #eof: SourceLocation;

  constructor(tokens: readonly Token[], eof: SourceLocation) {
    this.#tokens = tokens;
    this.#eof = eof;
  }

  run(): Directive[] {
    const root: OpenBlock = { children: [] };
    const stack: OpenBlock[] = [root];
    const pending: Token[] = [];
    let previous: Token | undefined;
    for (const [index, token] of this.#tokens.entries()) {
      const top = stack[stack.length - 1]!;
      const before = previous;
      previous = token;
      switch (token.kind) {
        case 'word':
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
            const template = isTemplateBrace(before, token) || isTemplateBrace(token, this.#tokens[index + 1]);
            throw template ? templateError(token.loc) : unexpected('{', token.loc);
          }
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
