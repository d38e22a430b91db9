import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../../../src/config/uh/did-you-mean.js';

describe('did you mean', () => {
  it('counts inserts, deletes, substitutions and swapped neighbours as one edit each', () => {
    expect([editDistance('interval', 'interval'), editDistance('intervall', 'interval'), editDistance('intreval', 'interval'), editDistance('timeout', 'tiemout')]).toEqual([0, 1, 1, 1]);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only near misses, case-insensitively', () => {
    expect(closest('Upstream', ['upstreams', 'routes'])).toBe('upstreams');
    expect(closest('ttl', ['learn', 'ttl'])).toBe('ttl');
    expect(closest('banana', ['upstreams', 'routes'])).toBeUndefined();
    expect(didYouMean('rotues', ['upstreams', 'routes'])).toBe('; did you mean `routes`?');
    expect(didYouMean('zzz', ['upstreams'])).toBe('');
  });
});
