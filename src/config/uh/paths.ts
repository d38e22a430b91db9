/** How decoded paths are keyed, shown to users (`upstreams.users.targets[0].address`) and described. */
import type { TypeSpec } from './schema-types.js';

/** A Map key for a path; the separator cannot appear in YAML keys users type. */
export function pathKey(path: readonly (string | number)[]): string {
  return path.join('\u001f');
}

/** `upstreams.users.targets[0].address`; names that are not identifiers are quoted. */
export function displayPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** "a duration such as 250ms, 5s or 1m": what a value of this type looks like, for messages. */
export function describeType(type: TypeSpec): string {
  switch (type.kind) {
    case 'string': return 'a string';
    case 'integer': return type.min !== undefined && type.max !== undefined ? `a whole number from ${type.min} to ${type.max}` : type.min !== undefined ? `a whole number ≥ ${type.min}` : 'a whole number';
    case 'number': return type.min !== undefined && type.max !== undefined ? `a number from ${type.min} to ${type.max}` : 'a number';
    case 'boolean': return 'true or false';
    case 'duration': return 'a duration such as 250ms, 5s or 1m';
    case 'percent': return 'a percentage such as 10% (or a fraction 0..1)';
    case 'status': return 'a status code (100-599)';
    case 'status-range': return 'a status code or a range such as "200-399"';
    case 'enum': return type.hint ?? (type.values.length <= 8 ? `one of ${type.values.join(', ')}` : 'a known value');
    case 'list': return `a list of ${describeType(type.of)}`;
    case 'object': return 'a mapping of keys';
    case 'map': return `a mapping of ${type.keyDoc}s`;
    case 'any-of': return type.of.map(describeType).join(' or ');
  }
}
