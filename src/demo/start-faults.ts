/**
 * The demo's faulty upstreams: real servers on loopback, each with one fault from the catalog,
 * started from the same fault servers the tests use. Everything started is closed by `close()`,
 * also when a later server fails to start.
 */
import { certPreset } from '../pki/certs.js';
import { startH2OnlyServer } from './faults/h2-servers.js';
import { failingDependencyServer, flappingServer, hangingServer, healthyServer, wrongHealthPathServer } from './faults/http-servers.js';
import { refusedPort } from './faults/tcp.js';
import { startTlsServer } from './faults/tls-servers.js';
import type { RunningFault } from './faults/types.js';

/** Addresses of the demo's faults, by role; `caPem` is the trust anchor of the TLS fault. */
export interface DemoFaults {
  readonly refused: string;
  readonly hanging: string;
  readonly expiredCert: string;
  readonly caPem: string;
  readonly wrongHealthPath: string;
  readonly healthy: string;
  readonly failingDatabase: string;
  readonly h2Only: string;
  readonly flapping: string;
  close(): Promise<void>;
}

export async function startDemoFaults(): Promise<DemoFaults> {
  const running: RunningFault[] = [];
  const start = async <T extends RunningFault>(p: Promise<T>): Promise<T> => {
    const fault = await p;
    running.push(fault);
    return fault;
  };
  const close = async (): Promise<void> => {
    await Promise.all(running.splice(0).map((f) => f.close()));
  };
  try {
    // The certificate first (key generation is CPU-bound), then every server at once.
    const cert = certPreset('expired', ['localhost']);
    const [port, expired, hanging, wrongPath, healthy, failing, h2Only, flapping] = await Promise.all([
      refusedPort(),
      start(startTlsServer({ cert })),
      start(hangingServer()),
      start(wrongHealthPathServer()),
      start(healthyServer()),
      start(failingDependencyServer(500)),
      start(startH2OnlyServer()),
      start(flappingServer()),
    ]);
    return {
      refused: `127.0.0.1:${port}`,
      hanging: hanging.address,
      expiredCert: expired.address,
      caPem: expired.caPem,
      wrongHealthPath: wrongPath.address,
      healthy: healthy.address,
      failingDatabase: failing.address,
      h2Only: h2Only.address,
      flapping: flapping.address,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
