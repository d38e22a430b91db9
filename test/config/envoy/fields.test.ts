/**
 * Envoy reads its config through the proto3 JSON mapping; uh must accept exactly the spellings
 * Envoy accepts, and refuse the ones it refuses, at the offending value.
 */
import { describe, expect, it } from 'vitest';
import { durationMs, enumName, parseEnvoyDuration, uint32 } from '../../../src/config/envoy/fields.js';
import { snakeKey } from '../../../src/config/envoy/keys.js';
import { loadYaml } from '../../../src/config/envoy/yaml-source.js';
import type { YNode } from '../../../src/config/envoy/yaml-source.js';
import { ConfigError } from '../../../src/errors.js';

const node = (yaml: string): YNode => loadYaml(yaml, 'f.yaml');

describe('field names', () => {
  it('lowerCamelCase becomes the proto name, including the 5xx fields', () => {
    expect(snakeKey('connectTimeout')).toBe('connect_timeout');
    expect(snakeKey('http2ProtocolOptions')).toBe('http2_protocol_options');
    expect(snakeKey('consecutive5xx')).toBe('consecutive_5xx');
    expect(snakeKey('enforcingConsecutive5xx')).toBe('enforcing_consecutive_5xx');
  });

  it('data keys (metadata filter names, @type, headers) are left alone', () => {
    for (const key of ['envoy.lb', '@type', 'X-Request-Id', 'connect_timeout', 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions']) {
      expect(snakeKey(key)).toBe(key);
    }
  });
});

describe('durations', () => {
  it('are seconds with an s suffix, or {seconds, nanos}', () => {
    expect(parseEnvoyDuration('5s')).toBe(5000);
    expect(parseEnvoyDuration('0.25s')).toBe(250);
    expect(parseEnvoyDuration('0.250s')).toBe(250);
    expect(durationMs(node('{ seconds: 2, nanos: 5000000 }'), 'd')).toBe(2005);
    expect(durationMs(node('{ nanos: 500000000 }'), 'd')).toBe(500);
  });

  it('other units are refused, as Envoy refuses them', () => {
    for (const text of ['5m', '250ms', '5', '-1s', 'soon']) expect(parseEnvoyDuration(text)).toBeUndefined();
    expect(() => durationMs(node('5'), 'interval')).toThrow(ConfigError);
    expect(() => durationMs(node('250ms'), 'interval')).toThrow(/^f\.yaml:1:1: interval: bad duration "250ms"/);
  });
});

describe('enums and wrappers', () => {
  it('enum names are case-insensitive and numbers index the proto enum', () => {
    const values = ['STATIC', 'STRICT_DNS', 'LOGICAL_DNS'];
    expect(enumName(node('logical_dns'), values, 'type')).toBe('LOGICAL_DNS');
    expect(enumName(node('1'), values, 'type')).toBe('STRICT_DNS');
    expect(() => enumName(node('DNS'), values, 'type')).toThrow('f.yaml:1:1: type: unknown value "DNS"; expected one of STATIC, STRICT_DNS, LOGICAL_DNS');
  });

  it('UInt32Value is a number or {value: n}; int64 may be a string', () => {
    expect(uint32(node('3'), 'w')).toBe(3);
    expect(uint32(node('{ value: 4 }'), 'w')).toBe(4);
    expect(uint32(node('"5"'), 'w')).toBe(5);
    expect(() => uint32(node('-1'), 'w')).toThrow(/must not be negative/);
    expect(() => uint32(node('{ other: 1 }'), 'w')).toThrow(/without 'value'/);
  });
});
