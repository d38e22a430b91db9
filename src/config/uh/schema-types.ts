/**
 * The vocabulary of uh YAML's key tables. The tables (schema.ts) are data written in these types;
 * one walker decodes a document against them (decode.ts) and another emits the JSON Schema
 * (json-schema.ts), so the two can never disagree about a key, a type or a default.
 */

/** Named string checks the decoder runs; each one also has a JSON Schema `pattern`. */
export type StringCheck =
  /** A target: `host:port`, `[v6]:port` or `unix:/path`. */
  | 'target-address'
  /** A listener: `host:port` or `[v6]:port`. */
  | 'listen-address'
  /** A DNS resolver: an IP literal with an optional port. */
  | 'resolver-address'
  /** An absolute HTTP path (starts with `/`). */
  | 'http-path'
  /** A substring, or `/regex/flags`. */
  | 'body-match'
  /** A header name, or `cookie:NAME`. */
  | 'sticky-key'
  /** An HTTP header name (RFC 9110 §5.1 token). */
  | 'header-name'
  /** An IP address block: `10.0.0.0/8`, `::1/128`, or one address. */
  | 'cidr';

export type TypeSpec =
  | { readonly kind: 'string'; readonly check?: StringCheck }
  | { readonly kind: 'integer'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'boolean' }
  /** `250ms`, `5s`, `1m`, `1h`: uh durations (model/durations.ts). */
  | { readonly kind: 'duration' }
  /** `10%`, or a fraction 0..1; decoded to a fraction. */
  | { readonly kind: 'percent' }
  /** An HTTP status code 100-599 (integer, or a string of digits). */
  | { readonly kind: 'status' }
  /** A status code, or an inclusive range written `"300-399"`. */
  | { readonly kind: 'status-range' }
  /** `hint` replaces the list of values in messages when the list is too long to read. */
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly hint?: string }
  | { readonly kind: 'list'; readonly of: TypeSpec; readonly minItems?: number }
  /** A mapping with a fixed key table; unknown keys are errors. */
  | { readonly kind: 'object'; readonly fields: FieldTable; readonly exactlyOne?: boolean }
  /** A mapping whose keys are names the user picks (upstream groups). */
  | { readonly kind: 'map'; readonly of: TypeSpec; readonly keyDoc: string }
  /** The first alternative that fits wins. */
  | { readonly kind: 'any-of'; readonly of: readonly TypeSpec[] };

export interface FieldSpec {
  readonly type: TypeSpec;
  /** What the key is for, shown by editors (JSON Schema `description`) and `uh schema`. */
  readonly doc: string;
  /** Filled in by the decoder when the key is absent (in YAML spelling: durations as strings). */
  readonly default?: unknown;
  /**
   * A default that depends on other keys (e.g. the check type follows `protocol`): documented in
   * the schema, applied by the model builder, not by the decoder.
   */
  readonly derivedDefault?: string;
  /**
   * The gateway whose default this one follows (e.g. `Envoy outlier_detection consecutive_local_origin_failure`),
   * or what uh does instead and why: shown after the description in the schema and docs/config.md.
   */
  readonly peer?: string;
  readonly required?: boolean;
}

export type FieldTable = Readonly<Record<string, FieldSpec>>;
