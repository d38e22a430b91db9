/**
 * Reading proto3-JSON fields from the positioned tree, the way Envoy's loader does: enums by name
 * in any case (or by number), `google.protobuf.Duration` as `"5s"`/`"0.25s"` or `{seconds, nanos}`,
 * `google.protobuf.UInt32Value` as a bare number or `{value: n}`, int64 as a number or a string.
 * Bad values become ConfigError(UH_CONFIG_INVALID) at the value's position.
 */
import { ConfigError } from '../../errors.js';
import type { ConfigListener, ConfigNote, RetryPolicy, SourceLocation } from '../../model/index.js';
import type { YNode } from './yaml-source.js';

/** Shared state of one parse: the file name and the non-fatal notes collected on the way. */
export interface ParseContext {
  readonly file: string;
  readonly notes: ConfigNote[];
  /** Shortest route `timeout` (ms) per cluster name, collected from HTTP routes. */
  readonly routeTimeouts: Map<string, number>;
  /** The first `retry_policy` of the HTTP routes reaching each cluster. */
  readonly routeRetries: Map<string, RetryPolicy>;
  /** Listener addresses whose filter chains route to clusters (where `serve` listens). */
  readonly listeners: ConfigListener[];
  /** Reads a file a bootstrap points at (file-based CDS/LDS); throws ConfigError when it cannot. */
  readonly readFile: (path: string) => string;
  /** Every file read, the main one first. */
  readonly files: string[];
}

/** A value Envoy would reject: UH_CONFIG_INVALID at the value. */
export function invalid(detail: string, loc: SourceLocation): ConfigError {
  return new ConfigError('UH_CONFIG_INVALID', detail, loc);
}

/** Something the user should fix or know (Envoy would reject it, or uh reads it leniently). */
export function warn(ctx: ParseContext, message: string, loc?: SourceLocation): void {
  ctx.notes.push({ severity: 'warning', message, ...(loc ? { loc } : {}) });
}

/** Context for the report: what is decided at run time, what uh does not read. */
export function info(ctx: ParseContext, message: string, loc?: SourceLocation): void {
  ctx.notes.push({ severity: 'info', message, ...(loc ? { loc } : {}) });
}

function describe(node: YNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  if (node.value === null) return 'nothing (null)';
  return `${typeof node.value} ${JSON.stringify(node.value)}`;
}

/** The value of `key` in `node` when `node` is a mapping (keys are already snake_case). */
export function field(node: YNode | undefined, key: string): YNode | undefined {
  if (!node || node.kind !== 'map') return undefined;
  return node.entries.find((e) => e.key === key)?.value;
}

/** Whether `key` is present with a non-null value. */
export function has(node: YNode | undefined, key: string): boolean {
  const value = field(node, key);
  return value !== undefined && !(value.kind === 'scalar' && value.value === null);
}

/**
 * A repeated field. A single mapping where a list belongs (seen in published Envoy examples) is
 * read as a one-element list with a warning: Envoy's strict loader rejects it, so the user should know.
 */
export function asList(node: YNode | undefined, what: string, ctx: ParseContext): readonly YNode[] {
  if (!node) return [];
  if (node.kind === 'seq') return node.items;
  if (node.kind === 'scalar' && node.value === null) return [];
  if (node.kind === 'map') {
    warn(ctx, `${what} is written as a single mapping, not a list: read as a one-element list (Envoy rejects this)`, node.loc);
    return [node];
  }
  throw invalid(`${what} must be a list, found ${describe(node)}`, node.loc);
}

/** A string; numbers are accepted as their text (YAML reads `port: 80` and `name: 1` as numbers). */
export function str(node: YNode, what: string): string {
  if (node.kind === 'scalar' && (typeof node.value === 'string' || typeof node.value === 'number')) {
    return String(node.value);
  }
  throw invalid(`${what} must be a string, found ${describe(node)}`, node.loc);
}

export function optStr(parent: YNode | undefined, key: string, what: string): string | undefined {
  const node = field(parent, key);
  return node && has(parent, key) ? str(node, what) : undefined;
}

/** An integer; int64/uint64 fields may be written as strings in proto JSON. */
export function int(node: YNode, what: string): number {
  if (node.kind === 'scalar') {
    const n = typeof node.value === 'string' && /^-?\d+$/.test(node.value.trim()) ? Number(node.value) : node.value;
    if (typeof n === 'number' && Number.isInteger(n)) return n;
  }
  throw invalid(`${what} must be an integer, found ${describe(node)}`, node.loc);
}

/** google.protobuf.UInt32Value: `5` or `{value: 5}`. */
export function uint32(node: YNode, what: string): number {
  const inner = node.kind === 'map' ? field(node, 'value') : node;
  if (!inner) throw invalid(`${what} must be a number or {value: n}, found a mapping without 'value'`, node.loc);
  const n = int(inner, what);
  if (n < 0) throw invalid(`${what} must not be negative, found ${n}`, inner.loc);
  return n;
}

export function optUint32(parent: YNode | undefined, key: string, what: string): number | undefined {
  const node = field(parent, key);
  return node && has(parent, key) ? uint32(node, what) : undefined;
}

function bool(node: YNode, what: string): boolean {
  if (node.kind === 'scalar') {
    if (typeof node.value === 'boolean') return node.value;
    if (node.value === 'true' || node.value === 'false') return node.value === 'true';
  }
  throw invalid(`${what} must be true or false, found ${describe(node)}`, node.loc);
}

export function optBool(parent: YNode | undefined, key: string, what: string): boolean | undefined {
  const node = field(parent, key);
  return node && has(parent, key) ? bool(node, what) : undefined;
}

/** Text of a proto3 JSON Duration: seconds with up to 9 decimals and an `s` suffix. */
export function parseEnvoyDuration(text: string): number | undefined {
  const m = /^(\d+)(?:\.(\d{1,9}))?s$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * 1000 + Number(`0.${m[2] ?? '0'}`) * 1000;
}

/** google.protobuf.Duration in milliseconds: `"5s"`, `"0.25s"`, or `{seconds: 5, nanos: 0}`. */
export function durationMs(node: YNode, what: string): number {
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    const ms = parseEnvoyDuration(node.value);
    if (ms !== undefined) return ms;
  }
  if (node.kind === 'map') {
    const seconds = field(node, 'seconds');
    const nanos = field(node, 'nanos');
    if (seconds || nanos) {
      return (seconds ? int(seconds, `${what}.seconds`) : 0) * 1000 + (nanos ? int(nanos, `${what}.nanos`) : 0) / 1e6;
    }
  }
  throw invalid(
    `${what}: bad duration ${node.kind === 'scalar' ? JSON.stringify(node.value) : describe(node)}: ` +
      'Envoy durations are seconds with an "s" suffix (5s, 0.25s) or {seconds, nanos}',
    node.loc,
  );
}

export function optDurationMs(parent: YNode | undefined, key: string, what: string): number | undefined {
  const node = field(parent, key);
  return node && has(parent, key) ? durationMs(node, what) : undefined;
}

/** A proto enum: by name in any case (Envoy accepts `strict_dns`), or by number. Returns the canonical name. */
export function enumName(node: YNode, values: readonly string[], what: string): string {
  if (node.kind === 'scalar') {
    if (typeof node.value === 'number' && Number.isInteger(node.value) && values[node.value] !== undefined) {
      return values[node.value]!;
    }
    if (typeof node.value === 'string') {
      const upper = node.value.trim().toUpperCase();
      if (values.includes(upper)) return upper;
    }
  }
  const shown = node.kind === 'scalar' ? JSON.stringify(node.value) : describe(node);
  throw invalid(`${what}: unknown value ${shown}; expected one of ${values.join(', ')}`, node.loc);
}

/** The subtree as written, as plain data (keys snake_case, values untouched): for `declared` and `params`. */
export function plain(node: YNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  const out: Record<string, unknown> = {};
  for (const entry of node.entries) out[entry.key] = plain(entry.value);
  return out;
}

/** `plain(field(parent, key))`, or undefined when absent. */
export function plainField(parent: YNode | undefined, key: string): unknown {
  const node = field(parent, key);
  return node ? plain(node) : undefined;
}

/** The `@type` URL's message name, e.g. `envoy.config.cluster.v3.Cluster`. */
export function typeName(node: YNode | undefined): string | undefined {
  const t = field(node, '@type');
  if (!t || t.kind !== 'scalar' || typeof t.value !== 'string') return undefined;
  return t.value.slice(t.value.lastIndexOf('/') + 1);
}
