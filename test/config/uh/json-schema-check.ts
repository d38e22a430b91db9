/**
 * A small JSON Schema checker for exactly the subset uh.schema.json uses (type, properties,
 * required, additionalProperties, patternProperties, propertyNames.minLength, min/maxProperties,
 * items, minItems, enum, pattern, minimum, maximum, anyOf). It throws on any other keyword, so the
 * generator cannot start emitting something this checker silently ignores.
 */
type Schema = Readonly<Record<string, unknown>>;

const ANNOTATIONS = new Set(['$schema', 'title', 'description', 'default', 'examples']);
const KNOWN = new Set([
  ...ANNOTATIONS, 'type', 'properties', 'required', 'additionalProperties', 'patternProperties', 'propertyNames',
  'minProperties', 'maxProperties', 'items', 'minItems', 'enum', 'pattern', 'minimum', 'maximum', 'anyOf', 'minLength',
]);

/** Every violation as `path: problem`; [] when `value` is valid. */
export function validate(schema: Schema, value: unknown, path = '$'): string[] {
  for (const keyword of Object.keys(schema)) if (!KNOWN.has(keyword)) throw new Error(`checker does not know keyword ${keyword} at ${path}`);
  const errors: string[] = [];
  if (schema.anyOf !== undefined) {
    const options = schema.anyOf as Schema[];
    if (!options.some((option) => validate(option, value, path).length === 0)) errors.push(`${path}: matches no anyOf alternative`);
  }
  if (schema.type !== undefined && !hasType(value, schema.type as string)) return [...errors, `${path}: not ${String(schema.type)}`];
  if (schema.enum !== undefined && !(schema.enum as unknown[]).includes(value)) errors.push(`${path}: not in enum`);
  if (typeof value === 'string') {
    if (schema.pattern !== undefined && !new RegExp(schema.pattern as string, 'u').test(value)) errors.push(`${path}: does not match ${String(schema.pattern)}`);
    if (schema.minLength !== undefined && value.length < (schema.minLength as number)) errors.push(`${path}: too short`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < (schema.minimum as number)) errors.push(`${path}: below minimum`);
    if (schema.maximum !== undefined && value > (schema.maximum as number)) errors.push(`${path}: above maximum`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < (schema.minItems as number)) errors.push(`${path}: too few items`);
    if (schema.items !== undefined) value.forEach((item, i) => errors.push(...validate(schema.items as Schema, item, `${path}[${i}]`)));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) errors.push(...validateObject(schema, value as Record<string, unknown>, path));
  return errors;
}

function validateObject(schema: Schema, value: Record<string, unknown>, path: string): string[] {
  const errors: string[] = [];
  const keys = Object.keys(value);
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const patterns = Object.entries((schema.patternProperties ?? {}) as Record<string, Schema>);
  for (const key of (schema.required ?? []) as string[]) if (!(key in value)) errors.push(`${path}: missing ${key}`);
  if (schema.minProperties !== undefined && keys.length < (schema.minProperties as number)) errors.push(`${path}: too few properties`);
  if (schema.maxProperties !== undefined && keys.length > (schema.maxProperties as number)) errors.push(`${path}: too many properties`);
  for (const key of keys) {
    const at = `${path}.${key}`;
    if (schema.propertyNames !== undefined) errors.push(...validate(schema.propertyNames as Schema, key, `${at} (name)`));
    const matched = patterns.filter(([pattern]) => new RegExp(pattern, 'u').test(key));
    for (const [, sub] of matched) errors.push(...validate(sub, value[key], at));
    if (key in properties) errors.push(...validate(properties[key]!, value[key], at));
    else if (matched.length === 0) {
      if (schema.additionalProperties === false) errors.push(`${at}: unknown key`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...validate(schema.additionalProperties as Schema, value[key], at));
    }
  }
  return errors;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object': return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'boolean': return typeof value === 'boolean';
    default: throw new Error(`checker does not know type ${type}`);
  }
}
