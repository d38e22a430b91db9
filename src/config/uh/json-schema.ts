/**
 * The JSON Schema (draft 2020-12) of uh YAML, generated from the key tables so that editors
 * (yaml-language-server: `# yaml-language-server: $schema=…`) complete and check exactly what
 * the decoder accepts: descriptions, defaults, enums and `additionalProperties: false`.
 * schema/uh.schema.json is this function's output, committed (a test keeps them equal).
 */
import { formatDuration } from '../../model/durations.js';
import type { FieldTable, TypeSpec } from './schema-types.js';
import { EXTENSION_PREFIX, ROOT_FIELDS } from './schema.js';
import { STRING_CHECKS } from './string-checks.js';

export type JsonSchema = { readonly [key: string]: unknown };

const DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d))+$';
const STATUS_PATTERN = '^[1-5][0-9]{2}$';

export function uhJsonSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'uh config',
    description: 'uh (upstream health) YAML: upstream groups, health checks and routes for `uh diagnose` and `uh serve`. Both also read nginx, Envoy and HAProxy (haproxy.cfg) configs into the same model (`--config-format nginx|envoy|uh|haproxy`; detected by content); `uh convert` writes this YAML from them.',
    ...objectSchema(ROOT_FIELDS, false),
    patternProperties: { [`^${EXTENSION_PREFIX}`]: { description: 'Yours: uh ignores top-level x- keys (use them for YAML anchors).' } },
  };
}

/** The schema text as committed: two-space JSON with a trailing newline. */
export function uhJsonSchemaText(): string {
  return `${JSON.stringify(uhJsonSchema(), null, 2)}\n`;
}

function objectSchema(fields: FieldTable, exactlyOne: boolean): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [key, spec] of Object.entries(fields)) {
    const defaultText = spec.derivedDefault !== undefined ? ` Default: ${spec.derivedDefault}.` : '';
    const peerText = spec.peer !== undefined ? ` Follows: ${spec.peer}.` : '';
    properties[key] = {
      description: spec.doc + defaultText + peerText,
      ...typeSchema(spec.type),
      ...(spec.default !== undefined ? { default: spec.default } : {}),
    };
  }
  const required = Object.entries(fields).filter(([, spec]) => spec.required).map(([key]) => key);
  return {
    type: 'object',
    properties,
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
    ...(exactlyOne ? { minProperties: 1, maxProperties: 1 } : {}),
  };
}

function typeSchema(type: TypeSpec): JsonSchema {
  switch (type.kind) {
    case 'string': {
      const pattern = type.check ? STRING_CHECKS[type.check].pattern : undefined;
      return { type: 'string', ...(pattern ? { pattern } : {}) };
    }
    case 'integer':
    case 'number':
      return { type: type.kind, ...(type.min !== undefined ? { minimum: type.min } : {}), ...(type.max !== undefined ? { maximum: type.max } : {}) };
    case 'boolean': return { type: 'boolean' };
    case 'duration': return { type: 'string', pattern: DURATION_PATTERN, examples: [formatDuration(250), formatDuration(5000), formatDuration(60_000)] };
    case 'percent': return { anyOf: [{ type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?%$' }, { type: 'number', minimum: 0, maximum: 1 }] };
    case 'status': return { anyOf: [{ type: 'integer', minimum: 100, maximum: 599 }, { type: 'string', pattern: STATUS_PATTERN }] };
    case 'status-range':
      return { anyOf: [{ type: 'integer', minimum: 100, maximum: 599 }, { type: 'string', pattern: '^[1-5][0-9]{2}(-[1-5][0-9]{2})?$' }] };
    case 'enum': return { type: 'string', enum: [...type.values] };
    case 'list': return { type: 'array', items: typeSchema(type.of), ...(type.minItems ? { minItems: type.minItems } : {}) };
    case 'object': return objectSchema(type.fields, type.exactlyOne === true);
    case 'map': return { type: 'object', propertyNames: { minLength: 1 }, additionalProperties: typeSchema(type.of) };
    case 'any-of': return { anyOf: type.of.map(typeSchema) };
  }
}
