import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS, CATALOG } from '../../src/causes/catalog.js';
import { causesDoc } from '../../src/report/causes-doc.js';
import { configDoc, typeName } from '../../src/report/config-doc.js';

const CAUSES_MD = new URL('../../docs/causes.md', import.meta.url);
const CONFIG_MD = new URL('../../docs/config.md', import.meta.url);
const SCHEMA = new URL('../../schema/uh.schema.json', import.meta.url);
const SCHEMA_MISSING = !existsSync(SCHEMA);
/** Shown in the test name, so a skipped run says why. */
const WHY = SCHEMA_MISSING ? ' (skipped: schema/uh.schema.json does not exist yet)' : '';

describe('docs/causes.md is the catalog', () => {
  it('the committed file equals the generated text (UPDATE_DOCS=1 rewrites it)', () => {
    const text = causesDoc();
    if (process.env.UPDATE_DOCS) writeFileSync(CAUSES_MD, text);
    expect(readFileSync(CAUSES_MD, 'utf8'), 'docs/causes.md is stale: UPDATE_DOCS=1 npx vitest run test/docs').toBe(text);
  });

  it('has one row per cause id, in catalog order, linking its runbook', () => {
    const rows = causesDoc().split('\n').filter((l) => /^\| \w+ \| \[`/.test(l));
    expect(rows.map((r) => /\[`([^`]+)`\]/.exec(r)![1])).toEqual([...CAUSE_IDS]);
    expect(rows[17]).toContain(`| tcp | [\`tcp-refused\`](../runbooks/tcp-refused.md) | critical | ${CATALOG.get('tcp-refused')!.title} |`);
  });
});

describe('docs/config.md is the uh YAML schema', () => {
  it.skipIf(SCHEMA_MISSING)(`the committed file equals the text generated from schema/uh.schema.json${WHY}`, () => {
    const text = configDoc(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    if (process.env.UPDATE_DOCS) writeFileSync(CONFIG_MD, text);
    expect(readFileSync(CONFIG_MD, 'utf8'), 'docs/config.md is stale: UPDATE_DOCS=1 npx vitest run test/docs').toBe(text);
  });

  it.skipIf(SCHEMA_MISSING)(`documents every key of the schema, nested ones by dotted path${WHY}`, () => {
    const text = configDoc(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    for (const key of ['listen', 'upstreams', 'upstreams.<name>.targets[].address', 'upstreams.<name>.health.active.interval', 'routes[].upstream']) {
      expect(text, key).toContain(`| \`${key}\` |`);
    }
  });

  it('walks nested objects, lists and maps and shows defaults (on a literal schema)', () => {
    const schema = {
      description: 'd',
      type: 'object',
      properties: {
        a: { type: 'string', description: 'x | y', default: 'q' },
        m: { type: 'object', additionalProperties: { type: 'object', properties: { t: { type: 'array', items: { type: 'object', properties: { w: { type: 'integer', default: 1 } } } } } } },
      },
    };
    const rows = configDoc(schema).split('\n').filter((l) => l.startsWith('| `'));
    expect(rows).toEqual([
      '| `a` | string | `"q"` | x \\| y |',
      '| `m` | map of object |  |  |',
      '| `m.<name>.t` | list of object |  |  |',
      '| `m.<name>.t[].w` | integer | `1` |  |',
    ]);
    expect(typeName({ enum: ['a', 'b'] })).toBe('`a` \\| `b`');
    expect(typeName({ type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d))+$' })).toBe('duration');
  });
});
