import { describe, expect, it } from 'vitest';
import { checkResolverAddress, parseTargetAddress } from '../../../src/config/uh/address.js';

describe('target addresses: host:port | [v6]:port | unix:/path', () => {
  it.each([
    ['users-1.internal:8080', { host: 'users-1.internal', port: 8080, socket: 'inet' }],
    ['10.0.0.1:80', { host: '10.0.0.1', port: 80, socket: 'inet' }],
    ['[::1]:8443', { host: '::1', port: 8443, socket: 'inet' }],
    ['[fe80::1%eth0]:80', { host: 'fe80::1%eth0', port: 80, socket: 'inet' }],
    ['unix:/run/app.sock', { host: '/run/app.sock', socket: 'unix' }],
  ])('%s is accepted', (text, parsed) => {
    expect(parseTargetAddress(text)).toEqual(parsed);
  });

  it.each([
    ['users.internal', 'the port is missing (write host:port)'],
    [':80', 'the host is missing (write host:port)'],
    ['::1:80', 'write an IPv6 address in brackets with a port, e.g. [::1]:8080'],
    ['[::1]', 'an IPv6 address is written [v6]:port, e.g. [::1]:8080'],
    ['[10.0.0.1]:80', '"10.0.0.1" in brackets is not an IPv6 address'],
    ['10.0.0.256:80', '"10.0.0.256" is not an IPv4 address'],
    ['host:0', 'the port "0" is not a number from 1 to 65535'],
    ['host:http', 'the port "http" is not a number from 1 to 65535'],
    ['bad_host!:80', '"bad_host!" is not a valid host name'],
    ['unix:run/app.sock', 'a unix socket is written unix:/absolute/path'],
  ])('%s is refused: %s', (text, why) => {
    expect(parseTargetAddress(text)).toBe(why);
  });

  it('resolvers are IP literals with an optional port', () => {
    expect([checkResolverAddress('127.0.0.1'), checkResolverAddress('127.0.0.1:5353'), checkResolverAddress('[::1]:53'), checkResolverAddress('::1')]).toEqual([undefined, undefined, undefined, undefined]);
    expect(checkResolverAddress('dns.internal')).toMatch(/IP address/);
    expect(checkResolverAddress('127.0.0.1:99999')).toMatch(/not a number from 1 to 65535/);
  });
});
