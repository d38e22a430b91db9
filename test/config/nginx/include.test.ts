import { describe, expect, it } from 'vitest';
import { MAX_INCLUDE_DEPTH, parseWithIncludes } from '../../../src/config/nginx/include.js';
import type { Directive } from '../../../src/config/nginx/parse.js';
import { ConfigError } from '../../../src/errors.js';
import { memOptions } from './mem-options.js';

const names = (ds: readonly Directive[]): string[] => ds.flatMap((d) => [d.name, ...(d.block ? names(d.block) : [])]);

describe('include: files are spliced where nginx would read them', () => {
  it('resolves a relative include next to the including file, with locations in the included file', () => {
    const options = memOptions({ '/etc/nginx/conf.d/a.conf': 'upstream a { server 10.0.0.1; }' });
    const out = parseWithIncludes('http {\n include conf.d/a.conf;\n}', '/etc/nginx/nginx.conf', options);
    expect(names(out.directives)).toEqual(['http', 'upstream', 'server']);
    expect(out.directives[0]!.block![0]!.loc).toEqual({ file: '/etc/nginx/conf.d/a.conf', line: 1, column: 1 });
    expect(out.files).toEqual(['/etc/nginx/nginx.conf', '/etc/nginx/conf.d/a.conf']);
  });

  it('falls back to the nginx prefix for prefix-relative paths', () => {
    const options = memOptions({ '/etc/nginx/snippets/x.conf': 'keepalive 8;' }, '/etc/nginx');
    const out = parseWithIncludes('include snippets/x.conf;', '/etc/nginx/conf.d/site.conf', options);
    expect(names(out.directives)).toEqual(['keepalive']);
  });

  it('without a prefix, uses the main file\'s directory, as nginx uses its conf prefix', () => {
    const options = memOptions({
      '/etc/nginx/conf.d/site.conf': 'include snippets/proxy.conf;',
      '/etc/nginx/snippets/proxy.conf': 'proxy_read_timeout 5s;',
    });
    const out = parseWithIncludes('http { include conf.d/*.conf; }', '/etc/nginx/nginx.conf', options);
    expect(names(out.directives)).toEqual(['http', 'proxy_read_timeout']);
  });

  it('expands globs in sorted order and accepts a glob that matches nothing (optional include idiom)', () => {
    const options = memOptions({ '/c/b.conf': 'b;', '/c/a.conf': 'a;', '/c/skip.txt': 'no;' });
    const out = parseWithIncludes('include /c/*.conf;\ninclude /c/custom[.]conf;', '/main.conf', options);
    expect(names(out.directives)).toEqual(['a', 'b']);
  });

  it('names the include line when a plain file is missing', () => {
    const run = (): unknown => parseWithIncludes('\n  include nope.conf;', '/x/main.conf', memOptions({}));
    expect(run).toThrow(ConfigError);
    expect(run).toThrow('/x/main.conf:2:3: cannot open included file "nope.conf" (tried "/x/nope.conf")');
  });

  it('names the include line when a file a glob matched cannot be read', () => {
    const options = memOptions({ '/c/a.conf': 'a;' });
    const unreadable = { ...options, glob: () => ['/c/a.conf', '/c/gone.conf'] };
    expect(() => parseWithIncludes('\ninclude /c/*.conf;', '/main.conf', unreadable)).toThrow(
      '/main.conf:2:1: cannot read included file "/c/gone.conf": no such file: /c/gone.conf',
    );
  });

  it('stops an include cycle with the chain in the message', () => {
    const options = memOptions({ '/a.conf': 'include /b.conf;', '/b.conf': 'include /a.conf;' });
    expect(() => parseWithIncludes('include /a.conf;', '/main.conf', options)).toThrow(
      '/b.conf:1:1: include cycle: /a.conf -> /b.conf -> /a.conf',
    );
  });

  it(`stops nesting deeper than ${MAX_INCLUDE_DEPTH} levels`, () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`/f${i}.conf`] = `include /f${i + 1}.conf;`;
    files['/f40.conf'] = 'end;';
    const run = (): unknown => parseWithIncludes('include /f0.conf;', '/main.conf', memOptions(files));
    expect(run).toThrow(/includes nested deeper than 32 levels/);
  });

  it('reads an included file once per include, without probing it twice', () => {
    const options = memOptions({ '/x/a.conf': 'a;' });
    parseWithIncludes('include a.conf;', '/x/main.conf', options);
    expect(options.reads).toEqual(['/x/a.conf']);
  });
});
