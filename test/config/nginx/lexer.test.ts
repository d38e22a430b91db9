import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../src/config/nginx/lexer.js';
import { ConfigError } from '../../../src/errors.js';

const words = (text: string): string[] => tokenize(text, 'f.conf').map((t) => t.value);

describe('the nginx lexer splits a file exactly where nginx does', () => {
  it('separates words at whitespace, ";" and "{", and keeps line:column of every token', () => {
    const tokens = tokenize('http {\n  proxy_pass  http://a;\n}', 'n.conf');
    expect(tokens.map((t) => [t.kind, t.value, t.loc.line, t.loc.column])).toEqual([
      ['word', 'http', 1, 1],
      ['{', '{', 1, 6],
      ['word', 'proxy_pass', 2, 3],
      ['word', 'http://a', 2, 15],
      [';', ';', 2, 23],
      ['}', '}', 3, 1],
    ]);
    expect(tokens[0]!.loc.file).toBe('n.conf');
  });

  it('keeps ";", "{" and "}" inside quoted strings, and unescapes \\" \\n \\t like nginx', () => {
    expect(words(`return 200 "a; {b} \\"c\\"\\n";`)).toEqual(['return', '200', 'a; {b} "c"\n', ';']);
    expect(words(`body ~ '{"HealthCheck":"OK"';`)).toEqual(['body', '~', '{"HealthCheck":"OK"', ';']);
  });

  it('keeps other backslashes (regexes) and treats "}" inside a word as part of it, as nginx does', () => {
    expect(words('location ~ \\.php$ {')).toEqual(['location', '~', '\\.php$', '{']);
    expect(words('set $a b}c;')).toEqual(['set', '$a', 'b}c', ';']);
  });

  it('reads ${var} as part of the word, not as a block', () => {
    expect(words('set $u $fullurl${uri}index.html;')).toEqual(['set', '$u', '$fullurl${uri}index.html', ';']);
    expect(words('server ${S3_UPSTREAM} resolve;')).toEqual(['server', '${S3_UPSTREAM}', 'resolve', ';']);
  });

  it('drops "#" comments at token start but keeps "#" inside a word', () => {
    expect(words('a b#c; # comment { ;\nd;')).toEqual(['a', 'b#c', ';', 'd', ';']);
  });

  it('treats ")" after a closing quote as a separate word (if conditions)', () => {
    expect(words('if ($a = "b") {')).toEqual(['if', '($a', '=', 'b', ')', '{']);
  });

  it('takes *_by_lua_block bodies raw, ignoring braces in Lua strings, long brackets and comments', () => {
    const tokens = tokenize(
      'init_by_lua_block {\n  local s = "curly {"\n  -- a { in a comment\n  local t = [[ {% x %} ]]\n  local u = { 1 }\n}\nhttp {}',
      'f.conf',
    );
    expect(tokens.map((t) => t.kind)).toEqual(['word', 'lua', 'word', '{', '}']);
    expect(tokens[1]!.value).toContain('local u = { 1 }');
  });

  it('honours a Lua block with arguments before the brace and a quoted directive name', () => {
    const kinds = tokenize('set_by_lua_block $res { return 1 }\n"rewrite_by_lua_block" { f({a=1}) }', 'f.conf').map((t) => t.kind);
    expect(kinds).toEqual(['word', 'word', 'lua', 'word', 'lua']);
  });

  it('does not take a Lua block when the lua keyword is only an argument', () => {
    const kinds = tokenize('server_name content_by_lua_block ;\nupstream content_by_lua_block { }', 'f.conf').map((t) => t.kind);
    expect(kinds).toEqual(['word', 'word', ';', 'word', 'word', '{', '}']);
  });

  it('reads CRLF files and skips a leading byte-order mark', () => {
    const tokens = tokenize('\uFEFFhttp {\r\n  keepalive 8;\r\n}\r\n', 'f.conf');
    expect(tokens.map((t) => t.value)).toEqual(['http', '{', 'keepalive', '8', ';', '}']);
    expect(tokens[2]!.loc).toEqual({ file: 'f.conf', line: 2, column: 3 });
  });

  it('rejects an unterminated quote at the quote, and text glued to a closing quote', () => {
    expect(() => tokenize('a "b;\n', 'f.conf')).toThrow(ConfigError);
    expect(() => tokenize('a "b;\n', 'f.conf')).toThrow('f.conf:1:3: unexpected end of file: unterminated double-quoted string');
    expect(() => tokenize('a "b"c;', 'f.conf')).toThrow('f.conf:1:6: unexpected "c"');
  });
});
