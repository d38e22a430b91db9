/**
 * Old Envoy configs are still pasted into tickets. uh says which generation it recognised: v1 is
 * refused (different shape), v2 is read with a warning (same cluster shape, removed API).
 */
import { describe, expect, it } from 'vitest';
import { parse, parseError } from './parse-helper.js';

const v2Warning = (yaml: string): string | undefined => {
  const model = parse(yaml);
  expect(model.source.formatVersion).toBe('v2');
  return model.notes.find((n) => n.severity === 'warning' && n.message.startsWith('Envoy v2 API config'))?.message;
};

describe('Envoy v2 documents', () => {
  it('are recognised by an envoy.api.v2 type', () => {
    const message = v2Warning(`static_resources:
  clusters:
  - name: google
    transport_socket:
      name: tls
      typed_config:
        "@type": type.googleapis.com/envoy.api.v2.auth.UpstreamTlsContext
        sni: www.google.com
`);
    expect(message).toBe('Envoy v2 API config (type envoy.api.v2.auth.UpstreamTlsContext): v2 was removed in Envoy 1.18; read with v3 semantics');
    expect(parse('static_resources:\n  clusters:\n  - name: google\n    transport_socket: { name: tls, typed_config: { "@type": type.googleapis.com/envoy.api.v2.auth.UpstreamTlsContext } }\n').groups[0]!.tls).toBeDefined();
  });

  it('are recognised by an untyped filter config, deprecated_v1, or cluster hosts / tls_context', () => {
    expect(v2Warning('static_resources:\n  listeners:\n  - filter_chains: [{ filters: [{ name: envoy.tcp_proxy, config: { cluster: a } }] }]\n')).toContain('untyped filter config');
    expect(v2Warning('static_resources:\n  listeners:\n  - filter_chains: [{ filters: [{ name: envoy.http_connection_manager, typed_config: { deprecated_v1: true } }] }]\n')).toContain(
      'deprecated_v1',
    );
    expect(v2Warning('static_resources:\n  clusters:\n  - { name: a, hosts: [{ socket_address: { address: a, port_value: 1 } }] }\n')).toContain('cluster hosts field');
    expect(v2Warning('static_resources:\n  clusters:\n  - { name: a, tls_context: { sni: a } }\n')).toContain('cluster tls_context field');
  });

  it('the v2 cluster tls_context still means TLS', () => {
    expect(parse('static_resources:\n  clusters:\n  - { name: a, tls_context: { sni: a.internal } }\n').groups[0]!.tls?.sni).toBe('a.internal');
  });
});

describe('Envoy v3 documents', () => {
  it('carry no formatVersion, even with a v2alpha extension type or a typed `config` field', () => {
    const model = parse(`overload_manager:
  resource_monitors:
  - name: envoy.resource_monitors.fixed_heap
    typed_config:
      "@type": type.googleapis.com/envoy.config.resource_monitor.fixed_heap.v2alpha.FixedHeapConfig
static_resources:
  listeners:
  - filter_chains:
    - filters:
      - name: envoy.filters.http.wasm
        typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm, config: { name: x } }
`);
    expect(model.source.formatVersion).toBeUndefined();
    expect(model.notes.filter((n) => n.severity === 'warning')).toEqual([]);
  });
});

describe('Envoy v1 documents', () => {
  it('are refused, naming what gave them away', () => {
    const err = parseError('cluster_manager:\n  clusters:\n  - { name: a, type: static, hosts: [{ url: "tcp://127.0.0.1:80" }] }\n');
    expect(err.code).toBe('UH_CONFIG_UNSUPPORTED');
    expect(err.message).toBe('envoy.yaml:3:3: Envoy v1 JSON config (cluster_manager.clusters) is not supported: uh reads Envoy v3 (v1 was removed in Envoy 1.8)');
  });
});
