/**
 * Minimal XML writing for the JUnit reporter. XML 1.0 §2.2 forbids most C0 control characters
 * even when escaped, so they are dropped; `&`, `<`, `>` and both quotes are escaped so the same
 * function serves text and attribute values (§2.4, §3.3.3). Newlines in attributes are written as
 * `&#10;` because attribute-value normalisation would otherwise turn them into spaces.
 */
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXmlText(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export function escapeXmlAttr(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

export type XmlAttrs = Readonly<Record<string, string | number | undefined>>;

/** `name a="1" b="2"` with attributes in insertion order; undefined values are left out. */
function openTag(name: string, attrs: XmlAttrs): string {
  const parts = Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}="${escapeXmlAttr(String(value))}"`);
  return parts.length > 0 ? `${name} ${parts.join(' ')}` : name;
}

/** An element with children (already-rendered lines, indented by two spaces) or none (self-closing). */
export function element(name: string, attrs: XmlAttrs, children: readonly string[] = []): string[] {
  if (children.length === 0) return [`<${openTag(name, attrs)}/>`];
  return [`<${openTag(name, attrs)}>`, ...children.map((line) => `  ${line}`), `</${name}>`];
}

/** An element whose content is text (escaped, kept on its lines verbatim). */
export function textElement(name: string, attrs: XmlAttrs, text: string): string {
  return `<${openTag(name, attrs)}>${escapeXmlText(text)}</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
