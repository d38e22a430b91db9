import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { toUhYaml } from '../../src/convert/to-uh-yaml.js';
import { uhAddress } from '../../src/convert/uh-group.js';
import type { GatewayConfig } from '../../src/model/index.js';
import { ABSENT, entryPoints, loadCorpusConfig, WHY } from '../helpers/corpus.js';

/** Groups uh can carry: those with at least one addressable member, members by uh address. */
function addressable(config: GatewayConfig): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const g of config.groups) {
    const members = g.targets.filter((t) => uhAddress(t) !== undefined)
      .map((t) => ({ address: uhAddress(t), weight: t.weight ?? 1, backup: t.backup, down: t.down }));
    if (members.length > 0) out[g.name] = members;
  }
  return out;
}

describe('uh convert over the real corpus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uh-corpus-convert-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = entryPoints();

  it.skipIf(ABSENT)(`every corpus file that parses converts to uh YAML that parses back to the same groups and members${WHY}`, () => {
    let converted = 0;
    let unparsed = 0;
    for (const [i, rel] of files.entries()) {
      const source = loadCorpusConfig(rel);
      if (!source) {
        unparsed++;
        continue;
      }
      const out = join(dir, `${i}.uh.yaml`);
      writeFileSync(out, toUhYaml(source));
      const back = loadConfig(out, { format: 'uh' });
      expect(addressable(back), rel).toEqual(addressable(source));
      converted++;
    }
    console.log(`corpus convert: ${converted} converted and read back, ${unparsed} do not parse (error-handling cases), of ${files.length}`);
    expect(converted).toBeGreaterThanOrEqual(Math.min(10, files.length));
  });
});
