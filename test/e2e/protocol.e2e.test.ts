import { startGrpcHealthServer } from '../../src/demo/faults/grpc-health-server.js';
import { startH2OnlyServer, startHttp1OnlyServer } from '../../src/demo/faults/h2-servers.js';
import { startMcpServer } from '../../src/demo/faults/mcp-server.js';
import { startNotHttpServer } from '../../src/demo/faults/not-http.js';
import { defineCases, two } from './harness.js';

defineCases('e2e: the protocol layer', [
  {
    cause: 'protocol-not-http', formats: ['uh', 'nginx', 'envoy', 'haproxy'], evidence: /SSH|HTTP/,
    start: async (servers) => ({ addresses: await two(servers, () => startNotHttpServer('ssh')) }),
  },
  {
    // nginx cannot speak h2c to a proxy_pass upstream; Envoy (http2_protocol_options), HAProxy (`proto h2`)
    // and uh (protocol: h2c) can.
    cause: 'protocol-h2-unsupported', formats: ['uh', 'envoy', 'haproxy'], evidence: /HTTP\/1|h2/,
    start: async (servers) => ({ addresses: await two(servers, () => startHttp1OnlyServer()), protocol: 'h2c' }),
  },
  {
    cause: 'protocol-http1-to-h2-only', formats: ['uh', 'nginx', 'envoy', 'haproxy'], evidence: /h2/,
    start: async (servers) => ({ addresses: await two(servers, () => startH2OnlyServer()) }),
  },
  {
    cause: 'protocol-grpc-not-serving', formats: ['uh', 'envoy'], evidence: /NOT_SERVING/,
    start: async (servers) => ({
      addresses: await two(servers, () => startGrpcHealthServer({ status: { '': 'NOT_SERVING' } })),
      protocol: 'grpc', health: { type: 'grpc' },
    }),
  },
  {
    cause: 'protocol-mcp-version-mismatch', formats: ['uh'], evidence: /version/i,
    start: async (servers) => ({
      addresses: await two(servers, () => startMcpServer({ failWith: 'version-error' })),
      protocol: 'mcp', health: { type: 'mcp', path: '/mcp' },
    }),
  },
  {
    cause: 'protocol-mcp-handshake-failed', formats: ['uh'], evidence: /html|JSON/i,
    start: async (servers) => ({
      addresses: await two(servers, () => startMcpServer({ failWith: 'html' })),
      protocol: 'mcp', health: { type: 'mcp', path: '/mcp' },
    }),
  },
]);
