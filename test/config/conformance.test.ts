/**
 * Every config reader in PARSERS keeps the registry's duty on hostile input: it returns a model
 * or throws a `ConfigError` located at `file:line:column`, never another exception (a TypeError
 * from a parser is a crash the user sees as "internal error"). The inputs are the small shapes a
 * truncated, mistyped or wrong-format file takes; i10a's fuzz tests go wider.
 */
import { describe, expect, it } from 'vitest';
import { PARSERS } from '../../src/config/index.js';
import { ConfigError } from '../../src/errors.js';
import type { ConfigFormat } from '../../src/model/index.js';

const GARBAGE: readonly string[] = [
  '',
  '\n\n',
  '{',
  '}',
  ';',
  '[',
  '"',
  'upstream app {',
  'upstream app { server ; }',
  'http { upstream { } }',
  'a: [b',
  'a: {b: c',
  '- - -',
  ': :',
  '&a [*a, *a]',
  '*undefined_alias',
  '%YAML 9.9\n---\na: 1',
  '{"static_resources": {"clusters": [',
  '{"static_resources": {"clusters": [{"name": 1}]}}',
  'static_resources:\n  clusters:\n    - name: [x]\n      load_assignment: 7',
  'groups:\n  app:\n    targets: 5',
  'groups: [1, 2]',
  'version: 1\ngroups:\n  app:\n    targets:\n      - address: "::::"',
  '\u00ff\u00fe\u0001\u0002binary',
  '[' .repeat(64),
  '{'.repeat(64),
  'upstream a { '.repeat(64),
];

/** Includes and globs read nothing: a reader must say which file it could not read, located. */
const OPTIONS = {
  readFile: (file: string): string => { throw new ConfigError('UH_CONFIG_UNREADABLE', `cannot read ${file}`, { file, line: 1, column: 1 }); },
  glob: (): readonly string[] => [],
};

function outcome(format: ConfigFormat, text: string): 'model' | 'located' | string {
  try {
    const model = PARSERS[format](text, 'gw.conf', OPTIONS);
    return Array.isArray(model.groups) ? 'model' : 'a result without groups';
  } catch (err) {
    if (!(err instanceof ConfigError)) return `${(err as Error).name}: ${(err as Error).message}`;
    const loc = err.loc;
    return loc && loc.file === 'gw.conf' && loc.line >= 1 && loc.column >= 1 ? 'located' : `unlocated ConfigError: ${err.message}`;
  }
}

describe.each(Object.keys(PARSERS) as ConfigFormat[])('config reader %s on garbage', (format) => {
  it.each(GARBAGE.map((text) => [JSON.stringify(text).slice(0, 60), text]))('%s → a model or a located ConfigError', (_label, text) => {
    expect(['model', 'located']).toContain(outcome(format, text));
  });
});
