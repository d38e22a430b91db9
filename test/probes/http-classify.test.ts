/**
 * The rules that turn one health answer into a cause, as a table; and the body excerpt that
 * makes a 5xx readable in one line.
 */
import { describe, expect, it } from 'vitest';
import type { HttpSample } from '../../src/probes/http-classify.js';
import { bodyMatches, classifyAnswer, expectationFor } from '../../src/probes/http-classify.js';
import { bodyExcerpt } from '../../src/probes/body-excerpt.js';
import { activeCheck } from './http-fixtures.js';

const sample = (status: number, body = '', headers: Record<string, string> = {}, ms = 5): HttpSample =>
  ({ status, body, headers, ms, firstByteMs: ms });

describe('classifyAnswer', () => {
  const gateway = expectationFor(activeCheck({ timeoutMs: 1000 }), 5000);
  const cases: Array<[string, HttpSample, string | undefined]> = [
    ['200 passes the default 200-399', sample(200), undefined],
    ['302 passes the default 200-399', sample(302), undefined],
    ['404 → wrong path', sample(404), 'health-path-not-found'],
    ['405 → wrong path (or method)', sample(405), 'health-path-not-found'],
    ['403 → auth', sample(403), 'health-auth-required'],
    ['500 → status mismatch', sample(500, 'boom'), 'health-status-mismatch'],
    ['503 without Retry-After → status mismatch', sample(503), 'health-status-mismatch'],
    ['503 with Retry-After → overloaded', sample(503, '', { 'retry-after': '30' }), 'upstream-overloaded'],
    ['429 → overloaded', sample(429), 'upstream-overloaded'],
    ['nginx plain-HTTP-to-HTTPS 400 → plaintext-to-tls',
      sample(400, '<center>The plain HTTP request was sent to HTTPS port</center>'), 'plaintext-to-tls'],
    ['200 after 2.3 s with a 1 s check → too short', sample(200, '', {}, 2300), 'health-timeout-too-short'],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(classifyAnswer(input, gateway)?.cause).toBe(expected);
  });

  it('uh default (no gateway check) accepts anything below 500', () => {
    const fallback = expectationFor(undefined, 5000);
    expect(classifyAnswer(sample(404), fallback)).toBeUndefined();
    expect(classifyAnswer(sample(500), fallback)?.cause).toBe('health-status-mismatch');
  });

  it('declared statuses are honoured: expect 204 makes a 200 a mismatch', () => {
    const want = expectationFor(activeCheck({ expectStatus: [{ from: 204, to: 204 }] }), 5000);
    expect(classifyAnswer(sample(200), want)?.cause).toBe('health-status-mismatch');
  });

  it('evidence for too-short reads like a person would say it', () => {
    expect(classifyAnswer(sample(200, '', {}, 2300), gateway)?.evidence).toEqual(['answered in 2.3 s; check timeout 1.0 s']);
  });
});

describe('bodyMatches', () => {
  it('substring, regex and negated regex', () => {
    expect(bodyMatches('{"status":"UP"}', { kind: 'substring', value: 'UP' })).toBe(true);
    expect(bodyMatches('{"status":"UP"}', { kind: 'regex', value: 'up', flags: 'i' })).toBe(true);
    expect(bodyMatches('{"status":"DOWN"}', { kind: 'not-regex', value: 'DOWN' })).toBe(false);
    expect(bodyMatches('x', { kind: 'regex', value: '(' })).toBe(false);
  });
});

describe('bodyExcerpt', () => {
  it('names the failed dependency in a JSON health body', () => {
    expect(bodyExcerpt('{"status":"down","checks":{"database":"connection refused","cache":"ok"}}'))
      .toBe('database: connection refused');
  });
  it('strips HTML and collapses whitespace', () => {
    expect(bodyExcerpt('<html><body>\n<h1>502   Bad Gateway</h1>\n</body></html>')).toBe('502 Bad Gateway');
  });
  it('truncates long bodies with an ellipsis', () => {
    const excerpt = bodyExcerpt('x'.repeat(500), 40);
    expect(excerpt).toHaveLength(40);
    expect(excerpt.endsWith('…')).toBe(true);
  });
});
