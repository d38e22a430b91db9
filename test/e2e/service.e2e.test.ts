import {
  authServer, failingDependencyServer, flappingServer, hangingServer, healthyServer, overloadedServer, slowServer,
  wrongHealthPathServer,
} from '../../src/demo/faults/http-servers.js';
import { defineCases, two } from './harness.js';

const ALL = ['uh', 'nginx', 'envoy', 'haproxy'] as const;

defineCases('e2e: the health endpoint', [
  {
    cause: 'health-path-not-found', formats: ALL, evidence: /404/,
    start: async (servers) => ({ addresses: await two(servers, wrongHealthPathServer) }),
  },
  {
    cause: 'health-auth-required', formats: ALL, evidence: /401/,
    start: async (servers) => ({ addresses: await two(servers, authServer) }),
  },
  {
    cause: 'health-status-mismatch', formats: ALL, evidence: /503.*database: connection refused/,
    start: async (servers) => ({ addresses: await two(servers, () => failingDependencyServer(503)) }),
  },
  {
    // Envoy's http_health_check matches bodies only as hex `receive` payloads; uh, NGINX Plus `match` and
    // HAProxy `http-check expect string` say it directly.
    cause: 'health-body-mismatch', formats: ['uh', 'nginx', 'haproxy'], evidence: /body/i,
    start: async (servers) => ({ addresses: await two(servers, healthyServer), health: { expectBody: 'ok' } }),
  },
  {
    cause: 'health-timeout', formats: ALL, evidence: /no response/,
    start: async (servers) => ({ addresses: await two(servers, hangingServer), health: { timeoutMs: 300 } }),
  },
  {
    // Answers in 1 s; the check gives up after 600 ms (uh keeps listening up to 3×, 1.8 s, to tell slow from dead).
    cause: 'health-timeout-too-short', formats: ALL, evidence: /answered in/,
    start: async (servers) => ({ addresses: await two(servers, () => slowServer(1000)), health: { timeoutMs: 600 } }),
  },
  {
    cause: 'upstream-overloaded', formats: ALL, evidence: /429/,
    start: async (servers) => ({ addresses: await two(servers, overloadedServer) }),
  },
  {
    cause: 'upstream-flapping', formats: ALL, evidence: /2\/3 samples pass/, samples: 3,
    start: async (servers) => ({ addresses: await two(servers, flappingServer) }),
  },
]);
