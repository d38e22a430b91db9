/**
 * One table maps error codes to causes: `diagnose` (the tcp probe) and `serve` (the proxy's
 * failure classifier) name the same cause for the same error, on real loopback sockets.
 */
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { CAUSE_OF_FAILURE, ERROR_CODES, causeOfErrorCode } from '../../src/causes/error-codes.js';
import { refusedPort, startResetServer } from '../../src/demo/faults/tcp.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import { tcpProbe } from '../../src/probes/tcp.js';
import { classifyFailure } from '../../src/proxy/classify.js';
import { probeContext, probeTarget } from '../helpers/probe-context.js';

/** What the proxy's forwarder would see: undici's error for one request to the port. */
async function proxyError(port: number): Promise<unknown> {
  try {
    const res = await request(`http://127.0.0.1:${port}/`, { headersTimeout: 2000, bodyTimeout: 2000 });
    await res.body.dump();
    return new Error(`answered ${res.statusCode}`);
  } catch (err) {
    return err;
  }
}

describe('error codes → causes: one table for diagnose and serve', () => {
  let fault: RunningFault | undefined;
  afterEach(async () => { await fault?.close(); fault = undefined; });

  it('a refused port is tcp-refused to the tcp probe and to the proxy, which may retry it elsewhere', async () => {
    const port = await refusedPort();
    const probed = await tcpProbe(probeTarget({ ip: '127.0.0.1', port }), probeContext());
    const proxied = classifyFailure(await proxyError(port));
    expect(probed.observations[0]?.cause).toBe('tcp-refused');
    expect(proxied).toMatchObject({ cause: 'tcp-refused', outcome: { kind: 'connect' } });
  });

  it('a port that resets right after accepting is tcp-reset to both, and not a connect failure for the proxy', async () => {
    fault = await startResetServer();
    const probed = await tcpProbe(probeTarget({ ip: '127.0.0.1', port: fault.port }), probeContext());
    const proxied = classifyFailure(await proxyError(fault.port));
    expect(probed.observations[0]?.cause).toBe('tcp-reset');
    expect(proxied).toMatchObject({ cause: 'tcp-reset', outcome: { kind: 'reset' } });
  });

  it('every raw code in the table names the cause its failure code names', () => {
    for (const [raw, [code]] of Object.entries(ERROR_CODES)) expect(causeOfErrorCode(raw)).toBe(CAUSE_OF_FAILURE[code]);
    expect(causeOfErrorCode('ENOTFOUND')).toBe('dns-nxdomain');
    expect(causeOfErrorCode('ERR_SSL_SOMETHING_NEW')).toBe('tls-version-mismatch');
    expect(causeOfErrorCode('EWHATEVER')).toBeUndefined();
  });
});
