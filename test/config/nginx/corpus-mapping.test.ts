/**
 * The corpus comparison must be able to fail: a wrong reading of a group, a member, a record read
 * "as written", or an unresolved target is reported with its path.
 */
import { describe, expect, it } from 'vitest';
import { compareConfig } from './corpus-mapping.js';
import type { ExpectedFile } from './corpus-mapping.js';
import { parse } from './parse-helpers.js';

const cfg = parse(`
http {
  upstream api { zone api 64k; server 10.0.0.1:8080 max_fails=3; }
  server { location / { proxy_pass https://api; } location /x { proxy_pass http://$host; } }
}`);

const expected = (over: Record<string, unknown> = {}, member: Record<string, unknown> = {}): ExpectedFile => ({
  file: 'x',
  includesResolved: false,
  groups: [
    {
      name: 'api',
      source: 'upstream block',
      members: [{ host: '10.0.0.1', port: 8080, weight: null, flags: [], params: { max_fails: '3' }, ...member }],
      healthCheck: null,
      tls: true,
      context: 'http',
      params: { zone: 'api 64k' },
      notes: 'free text is not compared',
      ...over,
    },
  ],
  unresolvedTargets: [{ directive: 'proxy_pass', value: 'http://$host' }],
});

describe('the corpus comparison catches wrong readings', () => {
  it('accepts the right reading', () => {
    expect(compareConfig(cfg, expected())).toEqual([]);
  });

  it('reports a wrong member, TLS verdict, health check and group count', () => {
    expect(compareConfig(cfg, expected({}, { port: 80 }))).toEqual(['$.groups[0].members[0].port: expected 80, got 8080']);
    expect(compareConfig(cfg, expected({ tls: false }))).toEqual(['$.groups[0].tls: expected false, got true']);
    expect(compareConfig(cfg, expected({ healthCheck: { kind: 'nginx-plus health_check' } }))).toHaveLength(1);
    expect(compareConfig(cfg, { ...expected(), groups: [] })[0]).toMatch(/expected 0 items, got 1/);
  });

  it('treats params as a whole: a missing or an extra directive is a difference', () => {
    expect(compareConfig(cfg, expected({ params: {} }))).toEqual(['$.groups[0].params.zone: not expected, got "api 64k"']);
    expect(compareConfig(cfg, expected({ params: { zone: 'api 64k', keepalive: '8' } }))).toEqual([
      '$.groups[0].params.keepalive: expected "8", got undefined',
    ]);
  });

  it('reports an unresolved target that was resolved, or missed', () => {
    const withVia = { ...expected(), unresolvedTargets: [{ directive: 'proxy_pass', value: 'http://$host', resolvedViaSet: 'http://a' }] };
    expect(compareConfig(cfg, withVia)).toEqual(['$.unresolvedTargets[0].resolvedViaSet: expected "http://a", got undefined']);
    expect(compareConfig(cfg, { ...expected(), unresolvedTargets: [] })).toHaveLength(1);
  });
});
