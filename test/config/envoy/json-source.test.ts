import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { loadJson } from '../../../src/config/envoy/json-source.js';
import { loadYamlDocument } from '../../../src/config/envoy/yaml-source.js';
import { ABSENT, CORPUS, WHY } from '../../helpers/corpus.js';

/** Both readers on the same text: the JSON fast path must build exactly the YAML path's tree. */
function both(text: string): { json: unknown; yaml: unknown } {
  return { json: loadJson(text, 'envoy.json'), yaml: loadYamlDocument(text, 'envoy.json') };
}

describe('Envoy JSON: the fast path builds the same positioned tree as the YAML path', () => {
  it('objects, arrays, every scalar kind, escapes, unicode and camelCase keys, at the same line:column', () => {
    const text = `{
  "staticResources": {"clusters": [
    {"name": "a\\"b\\\\c\\u00e9\\n", "connectTimeout": "0.25s", "weight": 10, "ratio": -1.5e2,
     "on": true, "off": false, "none": null, "empty": {}, "list": [], "nested": [[1, 2], {"k": "v"}]},
\t{"name": "é — ünïcode", "port_value": 8080}
  ]}
}
`;
    const { json, yaml } = both(text);
    expect(json).toBeDefined();
    expect(json).toEqual(yaml);
  });

  it('the same error at the same place for a duplicate key', () => {
    const text = '{\n  "name": "a",\n  "name": "b"\n}\n';
    const errorOf = (read: () => unknown): ConfigError => {
      try {
        read();
      } catch (err) {
        return err as ConfigError;
      }
      throw new Error('no error');
    };
    const fast = errorOf(() => loadJson(text, 'envoy.json'));
    const slow = errorOf(() => loadYamlDocument(text, 'envoy.json'));
    expect(fast).toBeInstanceOf(ConfigError);
    expect([fast.message, fast.loc]).toEqual([slow.message, slow.loc]);
  });

  it('leaves to the YAML path what is not strict JSON (YAML, trailing commas, merge keys, a bare scalar)', () => {
    for (const text of ['static_resources: {}\n', '{"a": 1,}', '{"<<": {"a": 1}}', '"text"', '{"a": 1} trailing', "{'a': 1}"]) {
      expect(loadJson(text, 'envoy.json')).toBeUndefined();
    }
  });

  it.skipIf(ABSENT)(`agrees on every JSON file of the Envoy corpus${WHY}`, () => {
    const files = execSync(`find ${CORPUS}/envoy -name '*.json'`, { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      let yaml: unknown;
      try {
        yaml = loadYamlDocument(text, file);
      } catch {
        continue; // not a document the YAML path reads either: nothing to compare
      }
      const json = loadJson(text, file);
      if (json !== undefined) expect(json, file).toEqual(yaml);
    }
  });
});
