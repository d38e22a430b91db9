import { describe, expect, it } from 'vitest';
import { classifyTlsError, classifyVerifyError, describeTlsFailure } from '../../src/probes/tls-classify.js';

function sslError(code: string, reason: string, message = `error:0A000410:SSL routines::${reason}`): Error {
  return Object.assign(new Error(message), { code, reason, library: 'SSL routines' });
}

describe('classifyTlsError: every OpenSSL spelling of an alert lands on one kind', () => {
  it.each([
    // Node/OpenSSL 1.1 and 3.0 (Node's bundled strings), with and without the alert number.
    ['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'sslv3 alert handshake failure', 'handshake-failure', 40],
    // OpenSSL 3.x system builds reword SSLv3-era alerts as "ssl/tls alert".
    ['ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE', 'ssl/tls alert handshake failure', 'handshake-failure', 40],
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'tlsv13 alert certificate required', 'client-cert', 116],
    ['ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'tlsv1 alert unknown ca', 'client-cert', 48],
    ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'sslv3 alert bad certificate', 'client-cert', 42],
    ['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'tlsv1 alert protocol version', 'version', 70],
    ['ERR_SSL_TLSV1_UNRECOGNIZED_NAME', 'tlsv1 unrecognized name', 'sni-required', 112],
    ['ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL', 'tlsv1 alert no application protocol', 'alpn', 120],
  ])('%s', (code, reason, kind, number) => {
    const failure = classifyTlsError(sslError(code, reason));
    expect(failure.kind).toBe(kind);
    expect(failure.alert?.number).toBe(number);
  });

  it('trusts the alert number in the message over everything else', () => {
    const err = Object.assign(new Error('routines:ssl3_read_bytes:reason(1116):SSL alert number 116'), { code: 'ERR_SSL_REASON(1116)' });
    expect(classifyTlsError(err)).toMatchObject({ kind: 'client-cert', alert: { name: 'certificate_required', number: 116 } });
  });

  it.each([
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number', 'plaintext'],
    ['ERR_SSL_PACKET_LENGTH_TOO_LONG', 'packet length too long', 'plaintext'],
    ['ERR_SSL_HTTP_REQUEST', 'http request', 'plaintext'],
    ['ERR_SSL_UNSUPPORTED_PROTOCOL', 'unsupported protocol', 'version'],
    ['ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'no protocols available', 'version'],
  ])('local reason %s → %s', (code, reason, kind) => {
    expect(classifyTlsError(sslError(code, reason)).kind).toBe(kind);
    expect(classifyTlsError(sslError(code, reason)).alert).toBeUndefined();
  });

  it('a hang-up mid-handshake is "closed", not an alert', () => {
    const err = Object.assign(new Error('Client network socket disconnected before secure TLS connection was established'), { code: 'ECONNRESET' });
    const failure = classifyTlsError(err);
    expect(failure.kind).toBe('closed');
    expect(describeTlsFailure(failure)).toBe('Client network socket disconnected before secure TLS connection was established [ECONNRESET]');
  });

  it('maps verification results to what they mean', () => {
    expect(classifyVerifyError('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toBe('chain-incomplete');
    expect(classifyVerifyError('SELF_SIGNED_CERT_IN_CHAIN')).toBe('untrusted');
    expect(classifyVerifyError('CERT_HAS_EXPIRED')).toBe('expired');
    expect(classifyVerifyError('SOMETHING_NEW')).toBe('other');
  });
});
