/**
 * The named string checks of the key tables: each is a decoder check (a sentence saying what is
 * wrong, or undefined) and a JSON Schema `pattern` (a looser pre-filter editors can run).
 */
import { checkResolverAddress, parseInetAddress, parseTargetAddress } from './address.js';
import { parseCidr } from '../../model/cidr.js';
import type { StringCheck } from './schema-types.js';

/** RFC 9110 §5.6.2 token: the characters allowed in a header name. */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

interface CheckSpec {
  readonly check: (text: string) => string | undefined;
  readonly pattern?: string;
}

const why = (result: unknown): string | undefined => (typeof result === 'string' ? result : undefined);

export const STRING_CHECKS: Readonly<Record<StringCheck, CheckSpec>> = {
  'target-address': {
    check: (text) => why(parseTargetAddress(text)),
    pattern: '^(unix:/.+|\\[[0-9A-Fa-f:.]+\\]:[0-9]{1,5}|[A-Za-z0-9_.-]+:[0-9]{1,5})$',
  },
  'listen-address': {
    check: (text) => why(parseInetAddress(text)),
    pattern: '^(\\[[0-9A-Fa-f:.]+\\]:[0-9]{1,5}|[A-Za-z0-9_.-]+:[0-9]{1,5})$',
  },
  'resolver-address': {
    check: checkResolverAddress,
    pattern: '^(\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?|[0-9A-Fa-f:.]+)$',
  },
  'http-path': {
    check: (text) => (text.startsWith('/') ? undefined : 'a path starts with /'),
    pattern: '^/',
  },
  'body-match': { check: (text) => checkBodyMatch(text) },
  'sticky-key': {
    check: (text) => (new RegExp(`^(cookie:${TOKEN}|${TOKEN})$`).test(text) ? undefined : 'write a header name, or cookie:NAME'),
    pattern: `^(cookie:${TOKEN}|${TOKEN})$`,
  },
  'header-name': {
    check: (text) => (new RegExp(`^${TOKEN}$`).test(text) ? undefined : 'not a valid header name (RFC 9110 token)'),
    pattern: `^${TOKEN}$`,
  },
  cidr: {
    check: (text) => why(parseCidr(text)),
    pattern: '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$',
  },
};

/** `/regex/flags` as written in expect_body; undefined for a plain substring. */
export function splitRegex(text: string): { readonly source: string; readonly flags: string } | undefined {
  const m = /^\/(.+)\/([dgimsuyv]*)$/s.exec(text);
  return m ? { source: m[1]!, flags: m[2]! } : undefined;
}

function checkBodyMatch(text: string): string | undefined {
  const regex = splitRegex(text);
  if (!regex) return text === '' ? 'an empty body match matches everything; remove it' : undefined;
  try {
    new RegExp(regex.source, regex.flags);
    return undefined;
  } catch (err) {
    return `not a valid regular expression: ${(err as Error).message}`;
  }
}
