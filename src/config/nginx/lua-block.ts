/**
 * The body of a `*_by_lua_block { ... }` is Lua, not nginx syntax: braces inside Lua strings,
 * long brackets (`[[...]]`, `[==[...]==]`) and comments (`--`, `--[[...]]`) do not count. This is
 * the rule the lua-nginx-module's own block lexer applies (ngx_http_lua_conf_lua_block_parse).
 */

/**
 * Index of the `}` closing a Lua block whose body starts at `from` (just after the `{`), or
 * undefined at end of input. Bounded by the text length: every step advances.
 */
export function scanLuaBlock(text: string, from: number): number | undefined {
  let depth = 1;
  let i = from;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '{') {
      depth++;
      i++;
    } else if (ch === '}') {
      depth--;
      if (depth === 0) return i;
      i++;
    } else if (ch === '"' || ch === "'") {
      i = skipShortString(text, i);
    } else if (ch === '[' && longBracketLevel(text, i) !== undefined) {
      i = skipLongBracket(text, i, longBracketLevel(text, i)!);
    } else if (ch === '-' && text[i + 1] === '-') {
      i = skipComment(text, i + 2);
    } else {
      i++;
    }
  }
  return undefined;
}

function skipShortString(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\') i += 2;
    else if (ch === quote) return i + 1;
    else if (ch === '\n') return i; // an unterminated Lua string ends at the line, as Lua reports it
    else i++;
  }
  return i;
}

/** `[[` → 0, `[=[` → 1, ...; undefined when `[` does not open a long bracket. */
function longBracketLevel(text: string, start: number): number | undefined {
  let i = start + 1;
  while (text[i] === '=') i++;
  return text[i] === '[' ? i - start - 1 : undefined;
}

function skipLongBracket(text: string, start: number, level: number): number {
  const close = `]${'='.repeat(level)}]`;
  const end = text.indexOf(close, start + level + 2);
  return end < 0 ? text.length : end + close.length;
}

function skipComment(text: string, start: number): number {
  if (text[start] === '[') {
    const level = longBracketLevel(text, start);
    if (level !== undefined) return skipLongBracket(text, start, level);
  }
  const nl = text.indexOf('\n', start);
  return nl < 0 ? text.length : nl + 1;
}
