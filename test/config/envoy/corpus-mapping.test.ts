/**
 * The corpus comparison must be able to fail: an annotation matches only its leading value, keys
 * the expectation lists must match, and `null` there means "absent".
 */
import { describe, expect, it } from 'vitest';
import { align, comparableGroup } from './corpus-mapping.js';
import { onlyGroup } from './parse-helper.js';

const group = onlyGroup(`static_resources:
  clusters:
  - name: users
    type: STRICT_DNS
    connect_timeout: 0.25s
    http2_protocol_options: {}
    load_assignment:
      endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: users, port_value: 80 } } } }] }]
`);

const base = {
  name: 'users',
  source: 'cluster',
  members: [{ host: 'users', port: 80, weight: null, flags: [] }],
  healthCheck: null,
  tls: false,
  clusterType: 'STRICT_DNS',
  timeouts: { connect_timeout: '0.25s' },
  params: { upstream_protocol: 'http2 (deprecated cluster-level field)' },
  notes: 'commentary is not compared',
};

describe('the corpus comparison', () => {
  it('accepts a faithful expectation', () => {
    const pair = comparableGroup(base, group);
    expect(pair.actual).toEqual(pair.expected);
  });

  it.each([
    ['a wrong port', { members: [{ host: 'users', port: 81, weight: null, flags: [] }] }],
    ['a wrong annotated value', { params: { upstream_protocol: 'http1 (explicit)' } }],
    ['a timeout written differently', { timeouts: { connect_timeout: '0.250s' } }],
    ['TLS where there is none', { tls: true }],
    ['a param the model lacks', { params: { lb_policy: 'ROUND_ROBIN' } }],
    ['an absent value expected present', { healthCheck: { type: 'tcp' } }],
  ])('rejects %s', (_what, change) => {
    const pair = comparableGroup({ ...base, ...change }, group);
    expect(pair.actual).not.toEqual(pair.expected);
  });

  it('an annotation matches only the value before " ("', () => {
    expect(align('http2 (legacy)', 'http2')).toBe('http2 (legacy)');
    expect(align('http2 (legacy)', 'http2 extra')).toBe('http2 extra');
  });
});
