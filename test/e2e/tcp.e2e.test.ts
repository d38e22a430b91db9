import { refusedPort, startFullBacklog, startResetServer } from '../../src/demo/faults/tcp.js';
import { defineCases, two } from './harness.js';

defineCases('e2e: the tcp layer', [
  {
    cause: 'tcp-refused', formats: ['uh', 'nginx', 'envoy', 'haproxy'], evidence: /ECONNREFUSED 127\.0\.0\.1:\d+/,
    start: async () => ({ addresses: [`127.0.0.1:${await refusedPort()}`, `127.0.0.1:${await refusedPort()}`] }),
  },
  {
    cause: 'tcp-reset', formats: ['uh', 'nginx', 'envoy', 'haproxy'], evidence: /reset|ECONNRESET/i,
    start: async (servers) => ({ addresses: await two(servers, () => startResetServer()) }),
  },
  {
    cause: 'tcp-timeout', formats: ['uh', 'envoy', 'haproxy'], evidence: /time/i,
    skip: process.platform === 'linux' ? undefined : 'a full accept queue drops SYNs only on Linux',
    start: async (servers) => {
      const fault = await startFullBacklog();
      servers.push(fault);
      return { addresses: [fault.address] };
    },
  },
]);
