/**
 * A hostile or broken haproxy.cfg gets a located ConfigError or a model, never a crash or a hang:
 * property tests over lines built from HAProxy's own words, quotes, escapes and comments
 * (fast-check shrinks a failure to its smallest input and replays it by seed).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHaproxy } from '../../../src/config/haproxy/index.js';
import { ConfigError } from '../../../src/errors.js';

const noFiles = { readFile: (): string => '', glob: (): string[] => [] };

const WORDS = [
  'global', 'defaults', 'frontend', 'backend', 'listen', 'resolvers', 'from', 'web', 'app', 'mode', 'http', 'tcp',
  'server', 'server-template', 'default-server', 'dispatch', 's1', '10.0.0.1:80', '[::1]:8443', 'app.internal', '/run/a.sock',
  '${HOST}:${PORT}', 'check', 'ssl', 'verify', 'none', 'required', 'ca-file', 'sni', 'str(x)', 'inter', '2s', 'rise', 'fall', '3',
  'weight', '0', 'backup', 'disabled', 'port', '8008', 'resolvers', 'dns', 'nameserver', 'ns1', '127.0.0.1:53', 'option', 'httpchk',
  'http-check', 'send', 'meth', 'uri', 'expect', 'status', 'rstatus', '^2', 'string', 'rstring', '!', 'tcp-check', 'redis-check',
  'timeout', 'connect', 'check', 'retries', 'balance', 'leastconn', 'acl', 'is_api', 'path_beg', '/api', 'hdr(host)', 'hdr_dom(host)',
  '-i', '-f', 'use_backend', 'default_backend', 'if', 'unless', '||', 'or', '{', '}', '.if', '.elif', '.else', '.endif', 'no', '1-3',
  '"', "'", '\\', '#', '\\x41', '"a b"', '', '99999', ':', '@', 'unix@/x',
];

/** Statements start with a keyword most of the time, as in a real file; the rest is any of the words. */
const KEYWORDS = ['backend app', 'frontend web', 'listen l', 'defaults', 'resolvers dns', 'server', 'server-template', 'default-server', 'option', 'http-check', 'tcp-check', 'acl', 'use_backend', 'default_backend', 'timeout', 'mode'];
const line = fc.tuple(fc.constantFrom(...KEYWORDS, ''), fc.array(fc.constantFrom(...WORDS), { maxLength: 10 }), fc.constantFrom(' ', '\t', '  '))
  .map(([keyword, w, sep]) => [keyword, ...w].join(sep));
const config = fc.tuple(fc.constantFrom(...KEYWORDS.slice(0, 5)), fc.array(fc.oneof(line, line, fc.string({ maxLength: 40 })), { maxLength: 40 }))
  .map(([section, lines]) => [section, ...lines].join('\n'));

describe('the HAProxy reader never crashes on hostile input', () => {
  it('any text: a model or a located ConfigError', () => {
    fc.assert(
      fc.property(config, (text) => {
        try {
          const cfg = parseHaproxy(text, 'fuzz.cfg', noFiles);
          expect(cfg.source.format).toBe('haproxy');
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          expect((err as ConfigError).loc?.line ?? 1).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a 64 KiB line, 10,000 sections and deep .if nesting are bounded, with HAProxy\'s own limits where it has them', () => {
    expect(() => parseHaproxy(`backend a\n  description ${'x'.repeat(70_000)}\n`, 'big.cfg', noFiles)).toThrow(/line too long/);
    expect(() => parseHaproxy('backend b\n  server s 10.0.0.1:80\n'.repeat(10_001), 'many.cfg', noFiles)).toThrow(/too many sections/);
    expect(() => parseHaproxy(`${'.if defined(X)\n'.repeat(100)}backend a\n`, 'deep.cfg', noFiles)).toThrow(/too many nested '.if', max is 100/);
  });
});
