/**
 * Every gateway-view source keeps the registry's duties, whatever the endpoint does: it resolves
 * (never throws), says which source it is, and an endpoint it cannot read is a `skip` with the
 * reason, within its time bound. Real peers on loopback: a refused port, a server that accepts and
 * never answers, a server that answers garbage, a missing file, a file of noise.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedPort, startBlackhole } from '../../src/demo/faults/tcp.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import { GATEWAY_VIEW_SOURCES } from '../../src/gateway-view/registry.js';
import type { GatewayReadContext, GatewaySourceKind, GatewayView } from '../../src/gateway-view/types.js';

const LOG_SOURCES: ReadonlySet<GatewaySourceKind> = new Set(['nginx-error-log', 'envoy-access-log', 'haproxy-log']);
const SOCKET_SOURCES: ReadonlySet<GatewaySourceKind> = new Set(['haproxy-runtime']);
const sources = Object.entries(GATEWAY_VIEW_SOURCES) as Array<[GatewaySourceKind, (typeof GATEWAY_VIEW_SOURCES)[GatewaySourceKind]]>;

const context = (overrides: Partial<GatewayReadContext> = {}): GatewayReadContext => ({
  signal: AbortSignal.timeout(10_000), timeoutMs: 300, maxBytes: 64 * 1024, sinceMs: 0, now: () => Date.now(), ...overrides,
});

function expectDuties(key: GatewaySourceKind, view: GatewayView, endpoint: string): void {
  expect(view.source === key || view.source === 'unknown', `${key} names itself`).toBe(true);
  expect(view.endpoint).toBe(endpoint);
  if (view.outcome === 'skip') expect(view.reason, `${key}: a skip says why`).toMatch(/\S/);
  expect(Array.isArray(view.groups) && Array.isArray(view.targets) && Array.isArray(view.notes)).toBe(true);
}

describe.each(sources)('gateway-view source %s keeps the registry duties', (key, source) => {
  let dir: string;
  let refused: number;
  let blackhole: RunningFault;
  let garbage: ReturnType<typeof createServer>;
  let garbagePort: number;
  const isLog = LOG_SOURCES.has(key);
  const isSocket = SOCKET_SOURCES.has(key);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'uh-view-conformance-'));
    refused = await refusedPort();
    blackhole = await startBlackhole();
    garbage = createServer((_req, res) => res.end('\u0000{not json; <html>\u00ff\n'.repeat(50)));
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    garbagePort = (garbage.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await blackhole.close();
    await new Promise<void>((resolve) => garbage.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const unreadable = (): string => (isLog ? path.join(dir, 'missing.log') : isSocket ? `unix:${path.join(dir, 'missing.sock')}` : `http://127.0.0.1:${refused}`);

  it('an endpoint that cannot be read is a skip with the reason, never a throw', async () => {
    const endpoint = unreadable();
    const view = await source(endpoint, context());
    expectDuties(key, view, endpoint);
    expect(view.outcome).toBe('skip');
  });

  it('an already-aborted run gives a skip or an empty read, never a throw', async () => {
    const endpoint = unreadable();
    const view = await source(endpoint, context({ signal: AbortSignal.abort() }));
    expectDuties(key, view, endpoint);
    expect(view.targets).toHaveLength(0);
  });

  // Logs are files and the runtime API a unix socket: no TCP listener to hang on, so this duty is the HTTP sources'.
  it.skipIf(isLog || isSocket)('an endpoint that accepts and never answers is a skip within the time bound', async () => {
    const endpoint = `http://${blackhole.address}`;
    const started = performance.now();
    const view = await source(endpoint, context({ timeoutMs: 300 }));
    expectDuties(key, view, endpoint);
    expect(view.outcome).toBe('skip');
    // A bound, not a timing assertion: a source that ignored its timeout would wait for the 10 s signal.
    expect(performance.now() - started).toBeLessThan(8_000);
  });

  it('garbage from the endpoint is data or a skip, never a throw', async () => {
    let endpoint: string;
    if (isLog) {
      endpoint = path.join(dir, 'noise.log');
      writeFileSync(endpoint, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    } else if (isSocket) {
      endpoint = `unix:${dir}`; // a directory, not a socket
    } else {
      endpoint = `http://127.0.0.1:${garbagePort}`;
    }
    const view = await source(endpoint, context());
    expectDuties(key, view, endpoint);
  });
});
