import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsGlob } from '../../../src/config/fs-glob.js';

describe('fsGlob: nginx include patterns over the file system', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'uh-glob-'));
    mkdirSync(join(dir, 'conf.d'));
    mkdirSync(join(dir, 'sites', 'a'), { recursive: true });
    mkdirSync(join(dir, 'sites', 'b'), { recursive: true });
    for (const f of ['conf.d/b.conf', 'conf.d/a.conf', 'conf.d/x.txt', 'conf.d/.hidden.conf', 'log.conf', 'sites/a/1.conf', 'sites/b/2.conf']) {
      writeFileSync(join(dir, f), '');
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('matches * in sorted order, skipping dot files like glob(3)', () => {
    expect(fsGlob(join(dir, 'conf.d/*.conf'))).toEqual([join(dir, 'conf.d/a.conf'), join(dir, 'conf.d/b.conf')]);
  });

  it('matches ? and character classes, including the optional-include idiom log[.]conf', () => {
    expect(fsGlob(join(dir, 'conf.d/?.conf'))).toHaveLength(2);
    expect(fsGlob(join(dir, 'conf.d/[!a].conf'))).toEqual([join(dir, 'conf.d/b.conf')]);
    expect(fsGlob(join(dir, 'log[.]conf'))).toEqual([join(dir, 'log.conf')]);
    expect(fsGlob(join(dir, 'missing[.]conf'))).toEqual([]);
  });

  it('matches wildcards in directory segments and returns only files', () => {
    expect(fsGlob(join(dir, 'sites/*/*.conf'))).toEqual([join(dir, 'sites/a/1.conf'), join(dir, 'sites/b/2.conf')]);
    expect(fsGlob(join(dir, 'sit*'))).toEqual([]);
  });

  it('returns a plain existing file as itself and nothing for a missing directory', () => {
    expect(fsGlob(join(dir, 'log.conf'))).toEqual([join(dir, 'log.conf')]);
    expect(fsGlob(join(dir, 'nope/*.conf'))).toEqual([]);
  });
});
