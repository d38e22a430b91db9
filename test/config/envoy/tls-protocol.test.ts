/**
 * To probe "the way the gateway would", uh needs Envoy's upstream TLS settings (SNI, whether it
 * verifies, trust store, SANs, versions, ALPN, client certificate) and the HTTP version it speaks.
 */
import { describe, expect, it } from 'vitest';
import { bootstrap, onlyGroup } from './parse-helper.js';

const TLS_TYPE = 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext';
const HTTP_OPTIONS = 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions';

describe('upstream TLS', () => {
  it('a validation context with trusted_ca means Envoy verifies, against that CA and those SANs', () => {
    const group = onlyGroup(
      bootstrap(`  - name: users
    transport_socket:
      name: envoy.transport_sockets.tls
      typed_config:
        "@type": ${TLS_TYPE}
        sni: users.internal
        common_tls_context:
          alpn_protocols: [h2, http/1.1]
          tls_params: { tls_minimum_protocol_version: TLSv1_2, tls_maximum_protocol_version: tlsv1_3 }
          tls_certificates:
          - certificate_chain: { filename: /certs/client.pem }
            private_key: { filename: /certs/client.key }
          validation_context:
            trusted_ca: { filename: /certs/ca.pem }
            match_typed_subject_alt_names:
            - san_type: DNS
              matcher: { exact: users.internal }
`),
    );
    expect(group.tls).toMatchObject({
      sni: 'users.internal',
      autoSni: false,
      verify: true,
      ca: '/certs/ca.pem',
      subjectAltNames: ['users.internal'],
      clientCert: { cert: '/certs/client.pem', key: '/certs/client.key' },
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.3',
      alpn: ['h2', 'http/1.1'],
    });
    expect(group.tls!.verifyHostname).toBeUndefined();
    expect(group.tls!.declared).toMatchObject({
      sni: 'users.internal',
      trusted_ca: '/certs/ca.pem',
      client_certificate: '/certs/client.pem',
      match_typed_subject_alt_names: [{ san_type: 'DNS', exact: 'users.internal' }],
      tls_minimum_protocol_version: 'TLSv1_2',
    });
  });

  it('a trusted CA without SAN matchers verifies the chain but not the name, as Envoy does', () => {
    const chainOnly = onlyGroup(
      bootstrap(`  - name: users
    transport_socket:
      name: tls
      typed_config: { "@type": ${TLS_TYPE}, common_tls_context: { validation_context: { trusted_ca: { filename: /ca.pem } } } }
`),
    );
    expect(chainOnly.tls).toMatchObject({ verify: true, verifyHostname: false });
    const sanValidated = onlyGroup(
      bootstrap(`  - name: users
    typed_extension_protocol_options:
      envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
        "@type": ${HTTP_OPTIONS}
        upstream_http_protocol_options: { auto_sni: true, auto_san_validation: true }
    transport_socket:
      name: tls
      typed_config: { "@type": ${TLS_TYPE}, common_tls_context: { validation_context: { trusted_ca: { filename: /ca.pem } } } }
`),
    );
    expect(sanValidated.tls).toMatchObject({ verify: true, autoSni: true });
    expect(sanValidated.tls!.verifyHostname).toBeUndefined();
  });

  it('an empty UpstreamTlsContext is TLS that verifies nothing', () => {
    const group = onlyGroup(bootstrap(`  - name: wss\n    transport_socket:\n      name: envoy.transport_sockets.tls\n      typed_config: { "@type": ${TLS_TYPE} }\n`));
    expect(group.tls).toMatchObject({ verify: false, autoSni: false, alpn: [], subjectAltNames: [] });
    expect(group.tls!.sni).toBeUndefined();
  });

  it('an inline trusted CA is kept inline', () => {
    const group = onlyGroup(
      bootstrap(`  - name: users
    transport_socket:
      name: tls
      typed_config:
        "@type": ${TLS_TYPE}
        common_tls_context: { validation_context: { trusted_ca: { inline_string: "-----BEGIN CERTIFICATE-----" } } }
`),
    );
    expect(group.tls).toMatchObject({ verify: true, caInline: '-----BEGIN CERTIFICATE-----' });
    expect(group.tls!.ca).toBeUndefined();
  });

  it('transport_socket_matches carry the real settings when the default socket is a placeholder', () => {
    const group = onlyGroup(
      bootstrap(`  - name: users
    transport_socket: { name: dummy, typed_config: { "@type": ${TLS_TYPE}, common_tls_context: {} } }
    transport_socket_matches:
    - name: tls
      match: { tls: true }
      transport_socket:
        name: envoy.transport_sockets.tls
        typed_config:
          "@type": ${TLS_TYPE}
          sni: example.com
          common_tls_context:
            combined_validation_context:
              default_validation_context: {}
              validation_context_sds_secret_config: { name: example-ca }
`),
    );
    expect(group.tls).toMatchObject({ sni: 'example.com', verify: true });
    expect(group.tls!.declared['validation_context_sds']).toBe('example-ca');
  });

  it('no transport socket: plaintext, even on port 443', () => {
    const group = onlyGroup(bootstrap('  - name: plain\n    hosts: [{ socket_address: { address: example.com, port_value: 443 } }]\n'));
    expect(group.tls).toBeUndefined();
  });
});

describe('the HTTP version Envoy speaks upstream', () => {
  const withOptions = (options: string, tls = false): string =>
    bootstrap(`  - name: svc
    typed_extension_protocol_options:
      envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
        "@type": ${HTTP_OPTIONS}
${options}${tls ? `    transport_socket: { name: tls, typed_config: { "@type": ${TLS_TYPE} } }\n` : ''}`);

  it('explicit http2 is h2c in plaintext and h2 over TLS', () => {
    const explicit = '        explicit_http_config: { http2_protocol_options: {} }\n';
    expect(onlyGroup(withOptions(explicit)).protocol).toBe('h2c');
    expect(onlyGroup(withOptions(explicit, true)).protocol).toBe('h2');
    expect(onlyGroup(withOptions(explicit)).params['upstream_protocol']).toBe('http2');
  });

  it('explicit http_protocol_options is HTTP/1.1', () => {
    const group = onlyGroup(withOptions('        explicit_http_config: { http_protocol_options: {} }\n'));
    expect(group.protocol).toBe('http1');
    expect(group.params['upstream_protocol']).toBe('http1');
  });

  it('auto_config negotiates by ALPN, so it is HTTP/1.1 unless the upstream offers h2', () => {
    const group = onlyGroup(withOptions('        auto_config: { http2_protocol_options: {} }\n', true));
    expect(group.protocol).toBe('http1');
    expect(group.params['upstream_protocol']).toBe('auto');
  });

  it('auto_sni and the idle timeout come from the same options', () => {
    const group = onlyGroup(
      withOptions('        upstream_http_protocol_options: { auto_sni: true }\n        common_http_protocol_options: { idle_timeout: 30s }\n', true),
    );
    expect(group.tls!.autoSni).toBe(true);
    expect(group.timeouts.idleMs).toBe(30_000);
  });

  it('the deprecated cluster-level http2_protocol_options still means h2c', () => {
    const group = onlyGroup(bootstrap('  - name: grpc\n    http2_protocol_options: {}\n'));
    expect(group.protocol).toBe('h2c');
  });
});
