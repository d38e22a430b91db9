/**
 * The positioned tree both Envoy sources build (yaml-source.ts from YAML, json-source.ts from
 * strict JSON in one pass), with the bounds and the error they share. A file of its own so the two
 * sources do not import each other's internals (yaml-source falls back from JSON to YAML through
 * json-source; before, json-source took these from yaml-source: a cycle).
 */
import { ConfigError } from '../../errors.js';
import type { SourceLocation } from '../../model/index.js';

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

/** Both sources reject a repeated key the same way, at the repeat. */
export function duplicateKeyError(rawKey: string, keyLoc: SourceLocation): ConfigError {
  return new ConfigError('UH_CONFIG_PARSE', `duplicate key ${JSON.stringify(rawKey)}: keys of a mapping must be unique`, keyLoc);
}
