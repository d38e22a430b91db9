/**
 * Envoy configs are YAML or JSON (JSON is YAML 1.2), loaded by Envoy through the proto3 JSON
 * mapping. We keep our own small positioned tree instead of plain JS objects so that every model
 * element and every error can name `file:line:column`. Keys are normalised to proto field names
 * (snake_case) here, once, because Envoy accepts both `connectTimeout` and `connect_timeout`.
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { ConfigError } from '../../errors.js';
import { MAX_NESTING_DEPTH, nestingTooDeep } from '../limits.js';
import { AnchorIndex } from '../yaml-anchors.js';
import { parseYamlDocument } from '../yaml-document.js';
import type { SourceLocation } from '../../model/index.js';
import { loadJson } from './json-source.js';
import { snakeKey } from './keys.js';
import type { ScalarValue, YEntry, YMap, YNode } from './node.js';
import { duplicateKeyError } from './node.js';

export type { ScalarValue, YEntry, YMap, YNode, YScalar, YSeq } from './node.js';
export { duplicateKeyError } from './node.js';

/** Upper bound on nodes built by alias expansion ("billion laughs" stops here). */
const MAX_ALIAS_NODES = 100_000;

/** What one conversion needs: the anchors (to resolve aliases), positions, and the node budget. */
interface Walk {
  readonly anchors: AnchorIndex;
  readonly locAt: (offset: number) => SourceLocation;
  /** How many aliases are being expanded around the current node. */
  aliasDepth: number;
  aliasNodesLeft: number;
}

/**
 * Parse `text` into a positioned tree. YAML syntax errors become ConfigError(UH_CONFIG_PARSE) at
 * the position the `yaml` package reports. Anchors, aliases and `<<` merge keys are expanded, as
 * Envoy's YAML loader does. A collection used as a mapping key (what an unquoted Jinja placeholder
 * such as `path: {{ x }}` turns into) is rejected: proto JSON keys are strings, and Envoy fails too.
 */
export function loadYaml(text: string, file: string): YNode {
  return loadJson(text, file) ?? loadYamlDocument(text, file);
}

/** The YAML path on its own (JSON included): what `loadYaml` falls back to, and the JSON path's reference. */
export function loadYamlDocument(text: string, file: string): YNode {
  // Duplicate keys are checked in convertMap: yaml's own uniqueKeys check is quadratic per mapping.
  const { doc, lineCounter } = parseYamlDocument(text, file, { prettyErrors: false, uniqueKeys: false });
  const locAt = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const first = doc.errors[0];
  if (first) {
    throw new ConfigError('UH_CONFIG_PARSE', `YAML syntax error: ${firstLine(first.message)}`, locAt(first.pos[0]));
  }
  const contents = doc.contents as YamlNode | null;
  if (contents === null) return { kind: 'scalar', value: null, loc: { file, line: 1, column: 1 } };
  return convert(contents, { anchors: new AnchorIndex(doc), locAt, aliasDepth: 0, aliasNodesLeft: MAX_ALIAS_NODES }, 0);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function startOf(node: YamlNode): number {
  return node.range?.[0] ?? 0;
}

function convert(node: YamlNode, walk: Walk, depth: number): YNode {
  const loc = walk.locAt(startOf(node));
  if (depth > MAX_NESTING_DEPTH) throw new ConfigError('UH_CONFIG_PARSE', nestingTooDeep(), loc);
  if (walk.aliasDepth > 0 && --walk.aliasNodesLeft < 0) {
    throw new ConfigError('UH_CONFIG_PARSE', `YAML aliases expand to more than ${MAX_ALIAS_NODES} nodes`, loc);
  }
  if (isAlias(node)) {
    const target = walk.anchors.resolve(node);
    if (!target) throw new ConfigError('UH_CONFIG_PARSE', `YAML alias *${node.source} names no anchor`, loc);
    walk.aliasDepth++;
    try {
      return convert(target, walk, depth + 1);
    } finally {
      walk.aliasDepth--;
    }
  }
  if (isScalar(node)) return { kind: 'scalar', value: scalarValue(node.value), loc };
  if (isSeq(node)) {
    const items = node.items.map((item) =>
      item === null ? ({ kind: 'scalar', value: null, loc } as const) : convert(item as YamlNode, walk, depth + 1),
    );
    return { kind: 'seq', items, loc };
  }
  if (isMap(node)) return convertMap(node.items, loc, walk, depth);
  throw new ConfigError('UH_CONFIG_PARSE', 'unrecognised YAML node', loc);
}

function convertMap(pairs: readonly unknown[], loc: SourceLocation, walk: Walk, depth: number): YMap {
  const entries: YEntry[] = [];
  const merged: YEntry[] = [];
  const seen = new Set<string>();
  for (const pair of pairs) {
    if (!isPair(pair)) continue;
    const keyNode = pair.key as YamlNode | null;
    const keyLoc = keyNode ? walk.locAt(startOf(keyNode)) : loc;
    if (keyNode && !isScalar(keyNode)) {
      throw new ConfigError(
        'UH_CONFIG_PARSE',
        'a mapping or list is used as a mapping key (an unquoted template placeholder such as {{ name }}? ' +
          'render the template or quote the value)',
        keyLoc,
      );
    }
    const rawKey = keyNode && isScalar(keyNode) ? String(keyNode.value) : '';
    if (seen.has(rawKey) && rawKey !== '<<') throw duplicateKeyError(rawKey, keyLoc);
    seen.add(rawKey);
    const valueNode = pair.value as YamlNode | null;
    const value: YNode = valueNode ? convert(valueNode, walk, depth + 1) : { kind: 'scalar', value: null, loc: keyLoc };
    if (rawKey === '<<' && valueNode) merged.push(...mergeSources(value, keyLoc));
    else entries.push({ key: snakeKey(rawKey), rawKey, keyLoc, value });
  }
  // YAML merge keys: explicit keys win, then earlier merge sources win over later ones.
  for (const entry of merged) if (!entries.some((e) => e.key === entry.key)) entries.push(entry);
  return { kind: 'map', entries, loc };
}

function mergeSources(value: YNode, keyLoc: SourceLocation): YEntry[] {
  const sources = value.kind === 'seq' ? value.items : [value];
  const out: YEntry[] = [];
  for (const source of sources) {
    if (source.kind !== 'map') throw new ConfigError('UH_CONFIG_PARSE', 'a << merge key needs a mapping or a list of mappings', keyLoc);
    for (const entry of source.entries) if (!out.some((e) => e.key === entry.key)) out.push(entry);
  }
  return out;
}

function scalarValue(value: unknown): ScalarValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}
