import { afterEach } from 'vitest';
import type { RunningDnsServer, Zone } from '../../src/demo/faults/dns-server.js';
import { startDnsServer } from '../../src/demo/faults/dns-server.js';

/** `dns(zone)` starts a dns-packet server on loopback (port 0) for one test; every one is closed after it. */
export function loopbackDnsServers(): (zone: Zone) => Promise<RunningDnsServer> {
  const running: RunningDnsServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
  });
  return async (zone) => {
    const server = await startDnsServer(zone);
    running.push(server);
    return server;
  };
}
