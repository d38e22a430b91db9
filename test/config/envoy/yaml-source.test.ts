/**
 * Hand-written Envoy YAML uses anchors and merge keys to share cluster defaults; Envoy's loader
 * expands them, so uh must too — and stay bounded when a document expands without limit.
 */
import { describe, expect, it } from 'vitest';
import { parse, parseError } from './parse-helper.js';

describe('anchors, aliases and merge keys', () => {
  const model = parse(`x-defaults: &defaults
  type: STRICT_DNS
  connect_timeout: 1s
  lb_policy: RANDOM
static_resources:
  clusters:
  - <<: *defaults
    name: users
    load_assignment:
      endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: users, port_value: 80 } } } }] }]
  - <<: *defaults
    name: orders
    connect_timeout: 2s
`);

  it('a merged mapping supplies the keys the cluster does not set', () => {
    expect(model.groups.map((g) => [g.name, g.clusterType, g.balance, g.timeouts.connectMs])).toEqual([
      ['users', 'STRICT_DNS', 'random', 1000],
      ['orders', 'STRICT_DNS', 'random', 2000],
    ]);
  });

  it('timeouts.declared shows the value in effect, merged or explicit', () => {
    expect(model.groups[0]!.timeouts.declared).toEqual({ connect_timeout: '1s' });
    expect(model.groups[1]!.timeouts.declared).toEqual({ connect_timeout: '2s' });
  });

  it('a plain alias reuses a whole value', () => {
    const aliased = parse(`static_resources:
  clusters:
  - name: a
    health_checks: &hc
    - { timeout: 1s, interval: 3s, unhealthy_threshold: 2, healthy_threshold: 2, tcp_health_check: {} }
  - name: b
    health_checks: *hc
`);
    expect(aliased.groups.map((g) => g.health.active?.intervalMs)).toEqual([3000, 3000]);
  });
});

describe('documents that expand without bound', () => {
  it('are refused with a located error instead of exhausting memory', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 7; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array.from({ length: 10 }, () => `*${prev}`).join(', ')}]`);
    }
    const err = parseError(levels.join('\n') + '\n');
    expect(err.code).toBe('UH_CONFIG_PARSE');
    expect(err.detail).toBe('YAML aliases expand to more than 100000 nodes');
    expect(err.loc?.line).toBeGreaterThan(0);
  });
});
