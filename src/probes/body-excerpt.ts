/**
 * A short, readable excerpt of a response body, for evidence lines such as
 * `503 Service Unavailable: "database: connection refused"`. Health endpoints usually explain a
 * failure in their body (Spring Boot actuator, .NET health checks and most hand-written ones return
 * JSON like `{"status":"down","checks":{"database":"connection refused"}}`), so the excerpt prefers
 * the JSON leaves that read like a failure over the raw text.
 */

/** Default maximum length of an excerpt, in characters. */
export const EXCERPT_MAX = 120;

const FAILURE_WORDS = /down|fail|error|refused|timeout|timed out|unavailable|unhealthy|unreachable|denied|exhausted|not[ _-]?serving/i;

/** Collapse whitespace, strip HTML tags and truncate to `max` characters (with `…`). */
export function bodyExcerpt(body: string, max = EXCERPT_MAX): string {
  const trimmed = body.trim();
  if (trimmed === '') return '';
  const fromJson = jsonExcerpt(trimmed);
  const text = fromJson ?? stripHtml(trimmed);
  return truncate(text.replace(/\s+/g, ' ').trim(), max);
}

/** Quote an excerpt for an evidence line; `(empty body)` when there is nothing to show. */
export function quotedExcerpt(body: string, max = EXCERPT_MAX): string {
  const excerpt = bodyExcerpt(body, max);
  return excerpt === '' ? '(empty body)' : JSON.stringify(excerpt);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

function stripHtml(text: string): string {
  if (!/^<|<html|<body|<h1/i.test(text)) return text;
  const noScript = text.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ');
  return noScript.replace(/<[^>]+>/g, ' ');
}

/** For a JSON body: the `path: value` leaves that name a failure, else the compact JSON. */
function jsonExcerpt(text: string): string | undefined {
  if (!/^[[{]/.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const leaves: Array<[string, string]> = [];
  collectLeaves(parsed, '', leaves, 0);
  const failing = leaves.filter(([key, value]) => FAILURE_WORDS.test(value) && !/^status$/i.test(key));
  if (failing.length > 0) return failing.map(([key, value]) => (key ? `${key}: ${value}` : value)).join('; ');
  return JSON.stringify(parsed);
}

/** Depth- and count-bounded walk of a parsed JSON value. */
function collectLeaves(value: unknown, key: string, out: Array<[string, string]>, depth: number): void {
  if (depth > 6 || out.length >= 32) return;
  if (value === null || typeof value !== 'object') {
    out.push([key, String(value)]);
    return;
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [childKey, child] of entries) {
    const leafKey = /^(checks|details|components|entries|data|results|\d+)$/i.test(childKey) ? key : childKey;
    collectLeaves(child, leafKey || childKey, out, depth + 1);
  }
}
