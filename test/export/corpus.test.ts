import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { toEnvoy } from '../../src/export/to-envoy.js';
import { nginxName } from '../../src/export/nginx-upstream.js';
import { toNginx } from '../../src/export/to-nginx.js';
import type { GatewayConfig } from '../../src/model/index.js';
import { effectivePort } from '../../src/model/index.js';
import { ABSENT, checkableCorpusConfigs, entryPoints, loadCorpusConfig, WHY } from '../helpers/corpus.js';
import { writeNginxMain } from './export-helpers.js';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'].find((p) => spawnSync(p, ['-v']).status === 0);
const WHY_NGINX = WHY || (NGINX ? '' : ' (skipped: no nginx binary installed; CI installs nginx-light)');

/** Members by group (nginx-safe name), sorted: what any gateway export must keep. */
function members(config: GatewayConfig): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const g of config.groups) {
    const list = g.targets.filter((t) => t.socket === 'unix' || effectivePort(t) !== undefined)
      .map((t) => `${t.socket === 'unix' ? `unix:${t.host}` : `${t.host}:${effectivePort(t)}`} w${t.weight ?? 1}${t.down ? ' down' : ''}`).sort();
    if (list.length > 0) out[nginxName(g.name)] = list;
  }
  return out;
}

describe('uh export over the real corpus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uh-corpus-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(ABSENT)(`every corpus config that parses exports to Envoy and nginx configs that read back to the same members${WHY}`, () => {
    let checked = 0;
    for (const [i, rel] of entryPoints().entries()) {
      const source = loadCorpusConfig(rel);
      if (!source) continue;
      const expected = members(source);
      const envoyPath = join(dir, `${i}.envoy.yaml`);
      writeFileSync(envoyPath, toEnvoy(source));
      expect(members(loadConfig(envoyPath)), `${rel} → envoy`).toEqual(expected);
      const nginxDir = join(dir, `${i}-nginx`);
      const back = loadConfig(writeNginxMain(nginxDir, toNginx(source, { plus: false })));
      expect(members(back), `${rel} → nginx`).toEqual(expected);
      checked++;
    }
    console.log(`corpus export: ${checked} configs exported to Envoy and nginx and read back`);
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  /**
   * nginx -t resolves host names and opens certificate files, so only configs whose members are IP
   * literals or sockets and that name no TLS files are checked (tests never use the system resolver).
   */
  it.skipIf(ABSENT || NGINX === undefined)(`nginx -t accepts the export of every corpus config with literal addresses${WHY_NGINX}`, () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { index: i, rel, config: source } of checkableCorpusConfigs()) {
      const nginxDir = join(dir, `${i}-t`);
      const run = spawnSync(NGINX!, ['-t', '-q', '-c', writeNginxMain(nginxDir, toNginx(source, { plus: false })), '-p', nginxDir], { encoding: 'utf8', timeout: 20_000 });
      if (run.status !== 0) failures.push(`${rel}: ${run.stderr.trim()}`);
      checked++;
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});
