import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/index.js';
import { junitReporter } from '../../src/report/junit.js';
import { HEALTHY_DIAGNOSIS, SAMPLE_DIAGNOSIS } from '../fixtures/diagnosis/sample.js';

const OPTIONS = { color: false, version: '0.1.0' };
const GOLDEN = new URL('../fixtures/diagnosis/sample.junit.xml', import.meta.url);

interface XmlNode {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: XmlNode[];
  text: string;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-fA-F]+|\w+);/g, (_, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
    const value = ENTITY[ref];
    if (value === undefined) throw new Error(`undefined entity &${ref};`);
    return value;
  });
}

/**
 * A small, strict XML 1.0 well-formedness check (declaration, one root, balanced tags, quoted
 * and unique attributes, only the five predefined entities, no raw `<` or `&` in text).
 */
function parseXml(xml: string): XmlNode {
  let rest = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  if (rest === xml) throw new Error('missing XML declaration');
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  for (let guard = 0; rest.length > 0; guard++) {
    if (guard > 100_000) throw new Error('parser did not terminate');
    const text = /^[^<]*/.exec(rest)![0];
    if (text.length > 0) {
      if (/&(?!(#\d+|#x[0-9a-fA-F]+|\w+);)/.test(text)) throw new Error(`raw & in text: ${text}`);
      if (stack.length === 0) {
        if (text.trim() !== '') throw new Error(`text outside the root: ${text}`);
      } else stack.at(-1)!.text += decode(text);
      rest = rest.slice(text.length);
      continue;
    }
    const close = /^<\/([\w:-]+)>/.exec(rest);
    if (close) {
      const open = stack.pop();
      if (open?.name !== close[1]) throw new Error(`</${close[1]}> closes <${open?.name}>`);
      rest = rest.slice(close[0].length);
      continue;
    }
    const tag = /^<([\w:-]+)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/.exec(rest);
    if (!tag) throw new Error(`malformed markup at: ${rest.slice(0, 60)}`);
    const attrs: Record<string, string> = {};
    for (const a of tag[2]!.matchAll(/([\w:-]+)="([^"<]*)"/g)) {
      if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]}`);
      if (/&(?!(#\d+|#x[0-9a-fA-F]+|\w+);)/.test(a[2]!)) throw new Error(`raw & in attribute ${a[1]}`);
      attrs[a[1]!] = decode(a[2]!);
    }
    const node: XmlNode = { name: tag[1]!, attrs, children: [], text: '' };
    if (stack.length > 0) stack.at(-1)!.children.push(node);
    else if (root) throw new Error('a second root element');
    else root = node;
    if (tag[3] !== '/') stack.push(node);
    rest = rest.slice(tag[0].length);
  }
  if (stack.length > 0 || !root) throw new Error(`unclosed <${stack.at(-1)?.name}>`);
  return root;
}

describe('junit report: CI test tabs', () => {
  it('matches the golden file for the fixed diagnosis (UPDATE_GOLDEN=1 rewrites it)', () => {
    const out = junitReporter(SAMPLE_DIAGNOSIS, OPTIONS);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, out);
    expect(out).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('the checker itself rejects broken XML', () => {
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
    expect(() => parseXml(`${head}<a><b></a></b>`)).toThrow(/closes/);
    expect(() => parseXml(`${head}<a x="1 & 2"/>`)).toThrow(/raw &/);
    expect(() => parseXml(`${head}<a>x < y</a>`)).toThrow(/malformed/);
    expect(() => parseXml(`${head}<a/><b/>`)).toThrow(/second root/);
  });

  it('is well-formed JUnit: testsuites > testsuite > testcase with consistent counts', () => {
    const root = parseXml(junitReporter(SAMPLE_DIAGNOSIS, OPTIONS));
    expect(root.name).toBe('testsuites');
    let tests = 0;
    for (const suite of root.children) {
      expect(suite.name).toBe('testsuite');
      const cases = suite.children;
      expect(cases.every((c) => c.name === 'testcase' && c.attrs.classname && c.attrs.name && c.attrs.time)).toBe(true);
      expect(Number(suite.attrs.tests)).toBe(cases.length);
      expect(Number(suite.attrs.failures)).toBe(cases.filter((c) => c.children.some((x) => x.name === 'failure')).length);
      expect(Number(suite.attrs.skipped)).toBe(cases.filter((c) => c.children.some((x) => x.name === 'skipped')).length);
      tests += cases.length;
    }
    expect(Number(root.attrs.tests)).toBe(tests);
    expect(root.children.map((s) => s.attrs.name)).toEqual(['users', 'billing', 'config']);
  });

  it('one test case per target × probe; failures carry the cause id and the evidence, unescaped intact', () => {
    const root = parseXml(junitReporter(SAMPLE_DIAGNOSIS, OPTIONS));
    const users = root.children[0]!;
    expect(users.children.map((c) => c.attrs.name)).toEqual([
      '10.0.0.11:8080 dns', '10.0.0.11:8080 tcp', '10.0.0.11:8080 http',
      'users-2.internal:8443 dns', 'users-2.internal:8443 tcp', 'users-2.internal:8443 tls', 'users-2.internal:8443 http',
    ]);
    const tls = users.children[5]!.children[0]!;
    expect(tls.name).toBe('failure');
    expect(tls.attrs.type).toBe('tls-cert-expired');
    expect(tls.text).toContain('O="Acme <&> Co"');
    expect(tls.text).toContain('at conf/nginx.conf:14:9');
    const config = root.children[2]!;
    expect(config.children[0]!.children[0]!.attrs.type).toBe('config-single-member');
    expect(config.children[1]!.children[0]!.name).toBe('skipped');
  });

  it('agrees with --fail-on: below the threshold a finding passes, reported in system-out', () => {
    const warnings = SAMPLE_DIAGNOSIS.findings.filter((f) => f.severity === 'warning' && !f.ignored);
    expect(warnings.length).toBeGreaterThan(0);
    const root = parseXml(junitReporter(SAMPLE_DIAGNOSIS, { ...OPTIONS, failOn: 'critical' }));
    const cases = root.children.flatMap((suite) => suite.children);
    const failedTypes = cases.flatMap((c) => c.children.filter((x) => x.name === 'failure').map((x) => x.attrs.type));
    for (const w of warnings) {
      expect(failedTypes).not.toContain(w.cause);
      expect(cases.some((c) => c.children.some((x) => x.name === 'system-out' && x.text.includes(`warning ${w.cause}`)))).toBe(true);
    }
    expect(failedTypes).toContain('tls-cert-expired'); // critical still fails
    expect(Number(root.attrs.failures)).toBe(cases.filter((c) => c.children.some((x) => x.name === 'failure')).length);
    const strict = parseXml(junitReporter(SAMPLE_DIAGNOSIS, { ...OPTIONS, failOn: 'warning' }));
    expect(Number(strict.attrs.failures)).toBeGreaterThan(Number(root.attrs.failures));
  });

  it('a clean offline run is still a valid report with one passing case', () => {
    const root = parseXml(junitReporter(HEALTHY_DIAGNOSIS, OPTIONS));
    expect(root.attrs.failures).toBe('0');
    expect(root.children.map((s) => s.attrs.name)).toEqual(['config']); // no empty suite for the unprobed group
    expect(root.children.at(-1)!.children[0]!.attrs.name).toBe('static checks uh.yaml');
    expect(REPORTERS.junit).toBe(junitReporter);
  });
});
