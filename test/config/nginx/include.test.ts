import { describe, expect, it } from 'vitest';
import { MAX_INCLUDE_DEPTH, parseWithIncludes } from '../../../src/config/nginx/include.js';
import type { Directive } from '../../../src/config/nginx/parse.js';
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

  it('reads on past a missing plain file, and records it at the include line with what was tried', () => {
    const out = parseWithIncludes('\n  include nope.conf;\nupstream a { server 10.0.0.1; }', '/x/main.conf', memOptions({}));
    expect(names(out.directives)).toEqual(['upstream', 'server']);
    expect(out.missing).toEqual([{ pattern: 'nope.conf', tried: ['/x/nope.conf'], stock: false, loc: { file: '/x/main.conf', line: 2, column: 3 } }]);
  });

  it('marks nginx\'s stock files (mime.types, *_params, snippets/*, koi-*) as stock, anything else not', () => {
    const text = ['mime.types', 'fastcgi_params', 'fastcgi.conf', 'uwsgi_params', 'scgi_params', 'proxy_params', 'snippets/ssl.conf', 'koi-utf', 'win-utf', 'upstreams.conf']
      .map((f) => `include ${f};`).join('\n');
    const out = parseWithIncludes(text, '/x/nginx.conf', memOptions({}));
    expect(out.missing.map((m) => [m.pattern, m.stock])).toEqual([
      ['mime.types', true], ['fastcgi_params', true], ['fastcgi.conf', true], ['uwsgi_params', true], ['scgi_params', true],
      ['proxy_params', true], ['snippets/ssl.conf', true], ['koi-utf', true], ['win-utf', true], ['upstreams.conf', false],
    ]);
  });

  it('reads an absolute /etc/nginx/ include from the checkout\'s own folder, and notes the mapping', () => {
    const options = memOptions({ '/repo/etc/nginx/conf.d/app.conf': 'upstream app { server 10.0.0.1; }' });
    const out = parseWithIncludes('http {\n  include /etc/nginx/conf.d/*.conf;\n}', '/repo/etc/nginx/nginx.conf', options);
    expect(names(out.directives)).toEqual(['http', 'upstream', 'server']);
    expect(out.files).toEqual(['/repo/etc/nginx/nginx.conf', '/repo/etc/nginx/conf.d/app.conf']);
    expect(out.notes).toEqual([{
      severity: 'info',
      message: 'include /etc/nginx/… is read from /repo/etc/nginx/ (the folder of /repo/etc/nginx/nginx.conf, taken as the nginx prefix; --nginx-prefix overrides)',
      loc: { file: '/repo/etc/nginx/nginx.conf', line: 2, column: 3 },
    }]);
  });

  it('maps every conventional prefix, and --nginx-prefix overrides the folder', () => {
    const files = {
      '/p/a.conf': 'a;', '/p/b.conf': 'b;', '/p/c.conf': 'c;', '/p/d.conf': 'd;',
    };
    const text = 'include /etc/nginx/a.conf;\ninclude /usr/local/nginx/conf/b.conf;\ninclude /usr/local/etc/nginx/c.conf;\ninclude /opt/homebrew/etc/nginx/d.conf;';
    const out = parseWithIncludes(text, '/repo/nginx.conf', memOptions(files, '/p'));
    expect(names(out.directives)).toEqual(['a', 'b', 'c', 'd']);
    expect(out.missing).toEqual([]);
    expect(out.notes.map((n) => n.message)).toContain('include /etc/nginx/… is read from /p/ (--nginx-prefix)');
  });

  it('uses an absolute include as written when the checkout has no copy of it', () => {
    const out = parseWithIncludes('include /etc/nginx/x.conf;', '/repo/nginx.conf', memOptions({ '/etc/nginx/x.conf': 'x;' }));
    expect(names(out.directives)).toEqual(['x']);
    expect(out.notes).toEqual([]);
  });

  it('records a missing absolute include with both places it looked', () => {
    const out = parseWithIncludes('include /etc/nginx/upstreams.conf;', '/repo/nginx.conf', memOptions({}));
    expect(out.missing[0]!.tried).toEqual(['/repo/upstreams.conf', '/etc/nginx/upstreams.conf']);
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

describe('include: a checkout that keeps conf.d/ flat', () => {
  it('reads `include conf.d/x;` from beside the including file when the prefix has no conf.d/, with a note', () => {
    const options = memOptions({ '/repo/x.server_conf': 'location /x { proxy_pass http://10.0.0.1; }' });
    const out = parseWithIncludes('server { include conf.d/x.server_conf; }', '/repo/frontend.conf', options);
    expect(names(out.directives)).toEqual(['server', 'location', 'proxy_pass']);
    expect(out.notes.map((n) => n.message)).toEqual([
      'include conf.d/x.server_conf is read from /repo/x.server_conf, beside the including file (no conf.d/x.server_conf under the prefix here)',
    ]);
  });
});
