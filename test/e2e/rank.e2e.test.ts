/**
 * Rank 1 is what a probe observed, not a static risk: a one-member group whose only target is
 * flapping, slow, overloaded or serving an expired certificate gets that fault first, above
 * `config-single-member` (and the other config-only risks), whatever the confidence of each.
 */
import { certPreset } from '../../src/pki/certs.js';
import { flappingServer, overloadedServer, slowServer } from '../../src/demo/faults/http-servers.js';
import { startTlsServer } from '../../src/demo/faults/tls-servers.js';
import { defineCases, one } from './harness.js';

const ALL = ['uh', 'nginx', 'envoy'] as const;

defineCases('e2e: a one-member group ranks the observed fault above config-single-member', [
  {
    cause: 'upstream-flapping', formats: ALL, evidence: /2\/3 samples pass/, samples: 3, label: 'one member',
    start: async (servers) => ({ addresses: await one(servers, flappingServer) }),
  },
  {
    cause: 'health-timeout-too-short', formats: ALL, evidence: /answered in/, label: 'one member',
    start: async (servers) => ({ addresses: await one(servers, () => slowServer(1000)), health: { timeoutMs: 600 } }),
  },
  {
    cause: 'upstream-overloaded', formats: ALL, evidence: /429/, label: 'one member, 429',
    start: async (servers) => ({ addresses: await one(servers, overloadedServer) }),
  },
  {
    cause: 'upstream-overloaded', formats: ALL, evidence: /503.*retry-after/, label: 'one member, 503 + Retry-After',
    start: async (servers) => ({ addresses: await one(servers, () => overloadedServer(503)) }),
  },
  {
    // nginx's default `proxy_ssl_verify off` (uh `verify: false`, Envoy without validation_context): the
    // expiry is a risk, but it was seen on the target.
    cause: 'tls-cert-expired', formats: ALL, evidence: /expired/i, severity: 'warning', label: 'one member, behind verify off',
    start: async (servers) => {
      const server = await startTlsServer({ cert: certPreset('expired') });
      servers.push(server);
      return { addresses: [server.address], tls: { caPem: server.caPem, sni: 'localhost', verify: false } };
    },
  },
]);
