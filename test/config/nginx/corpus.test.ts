/**
 * The nginx parser against the shared corpus of real configs and their hand-written expectations:
 * every expected/nginx/** file must match on the keys it states, and every other corpus file must
 * parse or fail with a located ConfigError — never crash.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseNginx } from '../../../src/config/nginx/index.js';
import type { ParseOptions } from '../../../src/config/types.js';
import { ConfigError } from '../../../src/errors.js';
import type { ExpectedFile } from './corpus-mapping.js';
import { compareConfig } from './corpus-mapping.js';
import { fsOptions } from './fs-options.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const corpus = resolve(repoRoot, '../shared/corpus');
const expectedRoot = join(corpus, 'expected/nginx');

/** Stock files every nginx install ships (not in the corpus repos): read as empty. */
const STOCK_FILES = ['mime.types', 'fastcgi_params', 'fastcgi.conf', 'uwsgi_params', 'scgi_params'];

/**
 * How each `includesResolved: true` expectation says its includes map onto the corpus (from its
 * notes): the path the entry is parsed under, the container prefix, and prefix → folder rewrites.
 */
const INCLUDE_LAYOUTS: Readonly<Record<string, { path: string; prefix?: string; map?: [string, string][]; companions?: string[] }>> = {
  'nginx/NginxProxyManager-nginx-proxy-manager/docker/rootfs/etc/nginx/nginx.conf': {
    path: '/etc/nginx/nginx.conf',
    prefix: '/etc/nginx/',
    map: [['/etc/nginx/', 'nginx/NginxProxyManager-nginx-proxy-manager/docker/rootfs/etc/nginx/']],
  },
  'nginx/nginxinc-nginx-basics-workshops/Plus/labs/lab6/nginx-plus/etc/nginx/nginx.conf': {
    path: '/etc/nginx/nginx.conf',
    prefix: '/etc/nginx/',
    map: [['/etc/nginx/', 'nginx/nginxinc-nginx-basics-workshops/Plus/labs/lab6/nginx-plus/etc/nginx/']],
  },
  // `include conf.d/openid_connect.server_conf` is prefix-relative; in the repo it sits next to
  // frontend.conf. The notes assume openid_connect_configuration.conf (the maps) is loaded too,
  // as a sibling conf.d file at http level: parse both under one http-level root.
  'nginx/nginxinc-nginx-openid-connect/frontend.conf': {
    path: '/etc/nginx/conf.d/frontend.conf',
    prefix: '/etc/nginx/',
    map: [['/etc/nginx/conf.d/', 'nginx/nginxinc-nginx-openid-connect/']],
    companions: ['/etc/nginx/conf.d/openid_connect_configuration.conf'],
  },
};

/**
 * Keys whose expected value the file alone cannot produce, with the expectation's own reason.
 * Kept short on purpose: each entry is a documented interpretation, not a silenced failure.
 */
const INTERPRETATIONS: Readonly<Record<string, { path: string; reason: string }[]>> = {
  'nginx/nginxinc-nginx-s3-gateway/plus/etc/nginx/templates/upstreams.conf.template': [
    {
      path: '$.groups[0].tls',
      reason: 'tls null: the referencing proxy_pass lives in other templates; judged alone the group is unreferenced (false)',
    },
  ],
};

/** Options for a file judged on its own: every include reads as empty (nothing is followed). */
const standalone: ParseOptions = { readFile: () => '', glob: () => [] };

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

function parseExpected(expected: ExpectedFile): ReturnType<typeof parseNginx> {
  const text = readFileSync(join(corpus, expected.file), 'utf8');
  if (!expected.includesResolved) return parseNginx(text, expected.file, standalone);
  const layout = INCLUDE_LAYOUTS[expected.file];
  const options = fsOptions(corpus, {
    ...(layout?.prefix !== undefined ? { nginxPrefix: layout.prefix } : {}),
    ...(layout?.map ? { map: layout.map } : {}),
    stubs: STOCK_FILES,
  });
  if (layout?.companions) {
    const root = [...layout.companions, layout.path].map((p) => `include ${p};`).join('\n');
    return parseNginx(root, join(dirname(layout.path), '(http)'), options);
  }
  return parseNginx(text, layout?.path ?? expected.file, options);
}

const corpusPresent = existsSync(expectedRoot);
if (!corpusPresent) console.warn(`nginx corpus tests skipped: ${corpus} is absent`);

(corpusPresent ? describe : describe.skip)('nginx corpus: hand-written expectations', () => {
  const files = corpusPresent ? listFiles(expectedRoot).filter((f) => f.endsWith('.json')) : [];
  it('has expectations to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });
  for (const file of files) {
    const expected = JSON.parse(readFileSync(file, 'utf8')) as ExpectedFile;
    it(expected.file, () => {
      if (expected.errors && expected.errors.length > 0) {
        const err = catchConfigError(() => parseExpected(expected));
        const accepted = expected.errors.flatMap((e) => [
          { line: e.line, message: e.message },
          ...(e.alsoAcceptable ? [e.alsoAcceptable] : []),
        ]);
        expect(accepted).toContainEqual({ line: err.loc?.line, message: err.detail });
        return;
      }
      const skip = new Set((INTERPRETATIONS[expected.file] ?? []).map((i) => i.path));
      const problems = compareConfig(parseExpected(expected), expected).filter((p) => !skip.has(p.split(':')[0]!));
      expect(problems).toEqual([]);
    });
  }
});

(corpusPresent ? describe : describe.skip)('nginx corpus: every other file parses or fails with a location', () => {
  const covered = corpusPresent
    ? new Set(listFiles(expectedRoot).map((f) => relative(join(corpus, 'expected'), f).replace(/\.json$/, '')))
    : new Set<string>();
  const others = corpusPresent
    ? listFiles(join(corpus, 'nginx')).map((f) => relative(corpus, f)).filter((f) => !covered.has(f))
    : [];
  for (const file of others) {
    it(file, () => {
      const text = readFileSync(join(corpus, file), 'utf8');
      try {
        const cfg = parseNginx(text, file, fsOptions(corpus, { stubs: STOCK_FILES }));
        expect(cfg.source.files[0]).toBe(file);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).loc?.line).toBeGreaterThan(0);
      }
    });
  }
});

function catchConfigError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError, but the file parsed');
}
