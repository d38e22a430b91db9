/**
 * Golden error messages: each test/fixtures/config/envoy/invalid-*.yaml must fail with exactly
 * the message in its `.expected-error.txt` (file:line:column: detail) — what the user reads.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseError } from './parse-helper.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/config/envoy');
const invalid = readdirSync(dir).filter((f) => f.startsWith('invalid-') && f.endsWith('.yaml')).sort();

describe('a broken Envoy config gets one clear, located error', () => {
  it('has the fixtures', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of invalid) {
    it(name, () => {
      const expected = readFileSync(path.join(dir, name.replace(/\.yaml$/, '.expected-error.txt')), 'utf8').trimEnd();
      const err = parseError(readFileSync(path.join(dir, name), 'utf8'), name);
      expect(err.message).toBe(expected);
      expect(err.code).toMatch(/^UH_CONFIG_/);
      expect(err.loc?.file).toBe(name);
    });
  }
});

describe('a legacy Envoy v2 config', () => {
  it('is read with a warning that names the v2 evidence', () => {
    const model = parse(readFileSync(path.join(dir, 'v2-doc.yaml'), 'utf8'), 'v2-doc.yaml');
    const expected = readFileSync(path.join(dir, 'v2-doc.expected-note.txt'), 'utf8').trimEnd();
    const warnings = model.notes.filter((n) => n.severity === 'warning');
    expect(warnings.map((n) => `${n.loc?.file}:${n.loc?.line}:${n.loc?.column}: ${n.message}`)).toEqual([expected]);
    expect(model.source.formatVersion).toBe('v2');
    expect(model.groups.map((g) => [g.name, g.clusterType, g.targets.map((t) => t.address)])).toEqual([
      ['users', 'strict_dns', ['users.internal:80']],
    ]);
    expect(model.routes.map((r) => r.upstream)).toEqual(['users']);
  });
});
