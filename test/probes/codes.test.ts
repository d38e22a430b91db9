/**
 * `ProbeResult.code` is a closed union: platform codes are relayed into uh's vocabulary before a
 * probe reports them, OpenSSL's own names pass through, anything else is UNKNOWN (the raw code
 * stays in the message).
 */
import { describe, expect, it } from 'vitest';
import { dnsRcode, relayCode } from '../../src/probes/codes.js';

describe('relayCode: a platform error code in uh\'s vocabulary', () => {
  it.each([
    ['ECONNREFUSED', 'ECONNREFUSED'],
    ['UND_ERR_CONNECT_TIMEOUT', 'CONNECT_TIMEOUT'],
    ['UND_ERR_SOCKET', 'SOCKET_CLOSED'],
    ['EHOSTDOWN', 'EHOSTUNREACH'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_WRONG_VERSION_NUMBER'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['ESOMETHINGNEW', 'UNKNOWN'],
    [undefined, 'UNKNOWN'],
  ])('%s → %s', (raw, code) => {
    expect(relayCode(raw)).toBe(code);
  });
});

describe('dnsRcode: dns-packet\'s rcode text', () => {
  it.each([['NXDOMAIN', 'NXDOMAIN'], ['SERVFAIL', 'SERVFAIL'], ['RCODE_12', 'RCODE_12'], ['12', 'RCODE_12'], ['garbage', 'RCODE_15']])('%s → %s', (text, rcode) => {
    expect(dnsRcode(text)).toBe(rcode);
  });
});
