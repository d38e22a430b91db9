/**
 * Envoy configs are YAML or JSON (JSON is YAML 1.2), loaded by Envoy through the proto3 JSON
 * mapping. We keep our own small positioned tree instead of plain JS objects so that every model
 * element and every error can name `file:line:column`. Keys are normalised to proto field names
 * (snake_case) here, once, because Envoy accepts both `connectTimeout` and `connect_timeout`.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { ConfigError } from '../../errors.js';
import type { SourceLocation } from '../../model/index.js';
import { snakeKey } from './keys.js';

export type ScalarValue = string | number | boolean | null;

export interface YScalar {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  readonly loc: SourceLocation;
}

export interface YEntry {
  /** The key normalised to the proto field name (snake_case). */
  readonly key: string;
  /** The key as written. */
  readonly rawKey: string;
  readonly keyLoc: SourceLocation;
  readonly value: YNode;
}

export interface YMap {
  readonly kind: 'map';
  readonly entries: readonly YEntry[];
  readonly loc: SourceLocation;
}

export interface YSeq {
  readonly kind: 'seq';
  readonly items: readonly YNode[];
  readonly loc: SourceLocation;
}

export type YNode = YScalar | YMap | YSeq;

/** Upper bound on nesting, so a hostile document cannot exhaust the stack. */
const MAX_DEPTH = 200;

/**
 * Parse `text` into a positioned tree. YAML syntax errors become ConfigError(UH_CONFIG_PARSE) at
 * the position the `yaml` package reports. A collection used as a mapping key (what an unquoted
 * Jinja placeholder such as `path: {{ x }}` turns into) is rejected too: proto JSON keys are
 * strings, and Envoy's own loader fails on it.
 */
export function loadYaml(text: string, file: string): YNode {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
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
  return convert(contents, locAt, 0);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function startOf(node: YamlNode): number {
  return node.range?.[0] ?? 0;
}

function convert(node: YamlNode, locAt: (offset: number) => SourceLocation, depth: number): YNode {
  const loc = locAt(startOf(node));
  if (depth > MAX_DEPTH) throw new ConfigError('UH_CONFIG_PARSE', `nesting deeper than ${MAX_DEPTH} levels`, loc);
  if (isAlias(node)) {
    throw new ConfigError('UH_CONFIG_PARSE', 'YAML aliases (*name) are not supported in Envoy configs here', loc);
  }
  if (isScalar(node)) return { kind: 'scalar', value: scalarValue(node.value), loc };
  if (isSeq(node)) {
    const items = node.items.map((item) =>
      item === null ? ({ kind: 'scalar', value: null, loc } as const) : convert(item as YamlNode, locAt, depth + 1),
    );
    return { kind: 'seq', items, loc };
  }
  if (isMap(node)) {
    const entries: YEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const keyLoc = keyNode ? locAt(startOf(keyNode)) : loc;
      if (keyNode && !isScalar(keyNode)) {
        throw new ConfigError(
          'UH_CONFIG_PARSE',
          'a mapping or list is used as a mapping key (an unquoted template placeholder such as {{ name }}? ' +
            'render the template or quote the value)',
          keyLoc,
        );
      }
      const rawKey = keyNode && isScalar(keyNode) ? String(keyNode.value) : '';
      const valueNode = pair.value as YamlNode | null;
      const value: YNode = valueNode
        ? convert(valueNode, locAt, depth + 1)
        : { kind: 'scalar', value: null, loc: keyLoc };
      entries.push({ key: snakeKey(rawKey), rawKey, keyLoc, value });
    }
    return { kind: 'map', entries, loc };
  }
  throw new ConfigError('UH_CONFIG_PARSE', 'unrecognised YAML node', loc);
}

function scalarValue(value: unknown): ScalarValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}
