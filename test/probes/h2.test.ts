/**
 * The protocol layer: a gateway that speaks h2/h2c/gRPC to an HTTP/1.1-only upstream, or HTTP/1.1
 * to an h2-only one, in clear text and over TLS (ALPN), against real servers.
 */
import { describe, expect, it } from 'vitest';
import type { RunningFault } from '../../src/demo/faults/types.js';
import { startH2OnlyServer, startHttp1OnlyServer } from '../../src/demo/faults/h2-servers.js';
import { startNotHttpServer } from '../../src/demo/faults/not-http.js';
import { startBlackhole } from '../../src/demo/faults/tcp.js';
import { hangingServer } from '../../src/demo/faults/http-servers.js';
import { h2Probe } from '../../src/probes/h2.js';
import type { Protocol } from '../../src/model/index.js';
import { probeContext, tlsSettings } from '../helpers/probe-context.js';
import { closedAfterEach } from '../helpers/running-faults.js';
import { targetFor } from './http-fixtures.js';

const { start } = closedAfterEach();

const ctx = () => probeContext({ timeoutMs: 3000 });
const clear = (fault: RunningFault, protocol: Protocol) => targetFor(fault, { protocol });
const overTls = (fault: RunningFault, protocol: Protocol) =>
  targetFor(fault, { protocol, tls: tlsSettings({ sni: 'localhost', caInline: fault.caPem }) });

describe('h2 probe in clear text', () => {
  it('gateway h2c → HTTP/1.1-only upstream: protocol-h2-unsupported', async () => {
    const fault = await start(startHttp1OnlyServer());
    const result = await h2Probe(clear(fault, 'h2c'), ctx());
    expect(result.outcome).toBe('fail');
    expect(result.facts.speaks).toEqual(['http/1.1']);
    expect(result.observations[0]).toMatchObject({ cause: 'protocol-h2-unsupported', severity: 'critical' });
    expect(result.observations[0]!.evidence.join('\n')).toContain('h2c: answered the h2 preface with HTTP/1.1 400');
  });

  it('gateway gRPC → HTTP/1.1-only upstream: protocol-h2-unsupported', async () => {
    const fault = await start(startHttp1OnlyServer());
    const result = await h2Probe(clear(fault, 'grpc'), ctx());
    expect(result.observations[0]?.cause).toBe('protocol-h2-unsupported');
  });

  it('gateway HTTP/1.1 → h2c-only upstream: protocol-http1-to-h2-only', async () => {
    const fault = await start(startH2OnlyServer());
    const result = await h2Probe(clear(fault, 'http1'), ctx());
    expect(result.outcome).toBe('fail');
    expect(result.facts.speaks).toEqual(['h2c']);
    expect(result.observations[0]).toMatchObject({ cause: 'protocol-http1-to-h2-only', severity: 'critical' });
    expect(result.observations[0]!.evidence.join('\n')).toContain('http/1.1: answered an HTTP/1.1 request with an HTTP/2 frame');
  });

  it('matching protocols pass with what the target speaks', async () => {
    const h2 = await start(startH2OnlyServer());
    const h1 = await start(startHttp1OnlyServer());
    const a = await h2Probe(clear(h2, 'h2c'), ctx());
    const b = await h2Probe(clear(h1, 'http1'), ctx());
    expect([a.outcome, b.outcome]).toEqual(['pass', 'pass']);
    expect(a.facts.speaks).toEqual(['h2c']);
    expect(b.facts.speaks).toEqual(['http/1.1']);
  });

  it('an SSH banner on the port: protocol-not-http', async () => {
    const fault = await start(startNotHttpServer('ssh'));
    const result = await h2Probe(clear(fault, 'h2c'), ctx());
    expect(result.observations[0]).toMatchObject({ cause: 'protocol-not-http', severity: 'critical' });
    expect(result.observations[0]!.evidence.join('\n')).toContain('SSH-2.0');
  });
});

describe('h2 probe over TLS (ALPN)', () => {
  it('gateway h2 → upstream offering only http/1.1: protocol-h2-unsupported', async () => {
    const fault = await start(startHttp1OnlyServer({ tls: true }));
    const result = await h2Probe(overTls(fault, 'h2'), ctx());
    expect(result.facts.speaks).toEqual(['http/1.1']);
    expect(result.observations[0]).toMatchObject({ cause: 'protocol-h2-unsupported', severity: 'critical' });
  });

  it('gateway HTTP/1.1 → h2-only upstream refusing http/1.1: protocol-http1-to-h2-only', async () => {
    const fault = await start(startH2OnlyServer({ tls: true }));
    const result = await h2Probe(overTls(fault, 'http1'), ctx());
    expect(result.facts.speaks).toEqual(['h2']);
    expect(result.observations[0]).toMatchObject({ cause: 'protocol-http1-to-h2-only', severity: 'critical' });
    expect(result.facts.answers?.['http/1.1']).toContain('no_application_protocol');
  });

  it('gateway h2 → h2 upstream passes', async () => {
    const fault = await start(startH2OnlyServer({ tls: true }));
    const result = await h2Probe(overTls(fault, 'h2'), ctx());
    expect(result.outcome).toBe('pass');
  });
});

describe('h2 probe: hung upstreams', () => {
  it('an HTTP server that hangs on requests still shows HTTP/1.1 by its 400 to the h2 preface', async () => {
    const fault = await start(hangingServer());
    const result = await h2Probe(clear(fault, 'http1'), probeContext({ timeoutMs: 500 }));
    expect(result.outcome).toBe('pass');
    expect(result.facts.speaks).toEqual(['http/1.1']);
  });

  it('a port that accepts and says nothing: skip with the reason, no protocol verdict', async () => {
    const fault = await start(startBlackhole());
    const result = await h2Probe(clear(fault, 'h2c'), probeContext({ timeoutMs: 300 }));
    expect(result.outcome).toBe('skip');
    expect(result.observations).toEqual([]);
    expect(result.message).toContain('no answer to the h2 preface');
  });
});

describe('h2 probe: when it does not apply', () => {
  it('skips a TCP (stream) group with the reason', async () => {
    const fault = await start(startHttp1OnlyServer());
    const result = await h2Probe(clear(fault, 'tcp'), ctx());
    expect(result.outcome).toBe('skip');
    expect(result.message).toContain('not HTTP');
  });
});
