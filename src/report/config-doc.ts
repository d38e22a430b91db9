/**
 * docs/config.md, generated from schema/uh.schema.json (the JSON Schema the uh YAML decoder is
 * built from), so every key, type and default in the docs is one the decoder accepts. A test
 * keeps the committed file equal to this text; regenerate with `UPDATE_DOCS=1 npx vitest run test/docs`.
 */
import { isCauseId } from '../causes/catalog.js';

type Schema = { readonly [key: string]: unknown };

interface Row {
  readonly key: string;
  readonly type: string;
  readonly defaultText: string;
  readonly description: string;
}

export function configDoc(schema: Schema): string {
  const rows: Row[] = [];
  walk(schema, '', rows, 0);
  const lines = [
    '# uh YAML reference',
    '',
    '<!-- Generated from schema/uh.schema.json by src/report/config-doc.ts. Do not edit by hand. -->',
    '',
    typeof schema.description === 'string' ? schema.description : '',
    '',
    'Keys are snake_case; unknown keys are errors (with line and column). Durations are strings such as',
    '`250ms`, `5s`, `1m`. `<name>` stands for a key you choose (a group name); `[]` marks a list item.',
    'Editors that use yaml-language-server can check files against the schema with',
    '`# yaml-language-server: $schema=../schema/uh.schema.json` on the first line.',
    '',
    '| Key | Type | Default | Description |',
    '|---|---|---|---|',
    ...rows.map((r) => `| \`${r.key}\` | ${cell(r.type)} | ${r.defaultText} | ${cell(r.description)} |`),
  ];
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

/** Depth-first over properties, list items and map values; bounded by the schema's own depth. */
function walk(node: Schema, path: string, rows: Row[], depth: number): void {
  if (depth > 16) return;
  const properties = node.properties as Record<string, Schema> | undefined;
  if (properties) {
    for (const [key, child] of Object.entries(properties)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      rows.push(row(childPath, child));
      descend(child, childPath, rows, depth);
    }
  }
}

function descend(node: Schema, path: string, rows: Row[], depth: number): void {
  if (node.properties) walk(node, path, rows, depth + 1);
  const items = node.items as Schema | undefined;
  if (items?.properties) walk(items, `${path}[]`, rows, depth + 1);
  const values = node.additionalProperties;
  if (typeof values === 'object' && values !== null) {
    const v = values as Schema;
    if (v.properties) walk(v, `${path}.<name>`, rows, depth + 1);
    const vItems = v.items as Schema | undefined;
    if (vItems?.properties) walk(vItems, `${path}.<name>[]`, rows, depth + 1);
  }
  for (const alt of (node.anyOf as Schema[] | undefined) ?? []) {
    if (alt.properties) walk(alt, path, rows, depth + 1);
  }
}

function row(key: string, node: Schema): Row {
  const description = typeof node.description === 'string' ? node.description : '';
  return { key, type: typeName(node), defaultText: node.default === undefined ? '' : `\`${JSON.stringify(node.default)}\``, description };
}

/** A short type for people: `duration`, `list of string`, `map of object`, `a \| b`. */
export function typeName(node: Schema): string {
  if (Array.isArray(node.enum) && (node.enum as unknown[]).every((v) => typeof v === 'string' && isCauseId(v))) {
    return 'cause id (see [causes.md](causes.md))';
  }
  if (Array.isArray(node.enum)) return (node.enum as unknown[]).map((v) => `\`${String(v)}\``).join(' \\| ');
  if (Array.isArray(node.anyOf)) return [...new Set((node.anyOf as Schema[]).map(typeName))].join(' or ');
  switch (node.type) {
    case 'array':
      return `list of ${node.items ? typeName(node.items as Schema) : 'any'}`;
    case 'object':
      if (typeof node.additionalProperties === 'object' && node.additionalProperties !== null) {
        return `map of ${typeName(node.additionalProperties as Schema)}`;
      }
      return 'object';
    case 'string':
      if (node.pattern === '^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d))+$') return 'duration';
      return 'string';
    default:
      return typeof node.type === 'string' ? node.type : 'any';
  }
}

function cell(text: string): string {
  return text.replace(/(?<!\\)\|/g, '\\|').replace(/\r?\n/g, ' ');
}
