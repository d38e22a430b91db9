import type { Zone } from '../../src/demo/faults/dns-server.js';
import { startDnsServer } from '../../src/demo/faults/dns-server.js';
import { healthyServer } from '../../src/demo/faults/http-servers.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import type { UpstreamSpec } from './harness.js';
import { defineCases } from './harness.js';

/** Targets named `app.test:PORT`, resolved by a loopback DNS server answering from `zone` (never the system's). */
function named(zone: Zone, ports: readonly number[] = [8080, 8081]) {
  return async (servers: RunningFault[]): Promise<UpstreamSpec> => {
    const dns = await startDnsServer(zone);
    servers.push(dns);
    return { addresses: ports.map((p) => `app.test:${p}`), resolvers: [{ host: dns.host, port: dns.port }] };
  };
}

defineCases('e2e: the dns layer (a loopback resolver)', [
  { cause: 'dns-nxdomain', formats: ['uh', 'nginx', 'haproxy'], evidence: /NXDOMAIN/, start: named({}) },
  { cause: 'dns-no-answer', formats: ['uh', 'nginx', 'haproxy'], evidence: /app\.test/, start: named({ 'app.test': { A: [], AAAA: [] } }) },
  { cause: 'dns-resolver-unreachable', formats: ['uh', 'nginx', 'haproxy'], evidence: /SERVFAIL/i, start: named({ 'app.test': 'servfail' }) },
  {
    // /etc/hosts pins app.test to 127.0.0.1 (where the servers listen); DNS says 127.0.0.2.
    cause: 'dns-inconsistent', formats: ['uh', 'nginx'], evidence: /hosts/, severity: 'warning', present: true,
    hostsLines: ['127.0.0.1 app.test'],
    start: async (servers) => {
      const up = await Promise.all([healthyServer(), healthyServer()]);
      servers.push(...up);
      return named({ 'app.test': { A: ['127.0.0.2'] } }, up.map((s) => s.port))(servers);
    },
  },
]);
