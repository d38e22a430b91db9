/**
 * gRPC health against a real node:http2 gRPC health server (h2c and TLS): SERVING passes; a
 * service that is not serving, unknown, or a server without the health service fails with the
 * gRPC detail; an HTTP/1.1-only or non-HTTP port says what it speaks instead.
 */
import { describe, expect, it } from 'vitest';
import type { RunningFault } from '../../src/demo/faults/types.js';
import { startGrpcHealthServer } from '../../src/demo/faults/grpc-health-server.js';
import { startH2OnlyServer, startHttp1OnlyServer } from '../../src/demo/faults/h2-servers.js';
import { startNotHttpServer } from '../../src/demo/faults/not-http.js';
import { grpcProbe } from '../../src/probes/grpc.js';
import { probeContext, tlsSettings } from '../helpers/probe-context.js';
import { closedAfterEach } from '../helpers/running-faults.js';
import { activeCheck, targetFor } from './http-fixtures.js';

const { start } = closedAfterEach();

const ctx = () => probeContext({ timeoutMs: 3000 });
const grpcTarget = (fault: RunningFault, service?: string) =>
  targetFor(fault, { protocol: 'grpc', health: { active: activeCheck({ type: 'grpc', grpcService: service, timeoutMs: 3000 }) } });

describe('grpc probe: the health service answers', () => {
  it('SERVING passes, with the status as a fact', async () => {
    const fault = await start(startGrpcHealthServer({ status: { '': 'SERVING', users: 'SERVING' } }));
    const result = await grpcProbe(grpcTarget(fault, 'users'), ctx());
    expect(result.outcome).toBe('pass');
    expect(result.facts).toMatchObject({ servingStatus: 'SERVING', grpcStatus: 0, service: 'users' });
  });

  it('NOT_SERVING → protocol-grpc-not-serving', async () => {
    const fault = await start(startGrpcHealthServer({ status: { users: 'NOT_SERVING' } }));
    const result = await grpcProbe(grpcTarget(fault, 'users'), ctx());
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]).toMatchObject({ cause: 'protocol-grpc-not-serving', severity: 'critical' });
    expect(result.observations[0]!.evidence[0]).toBe('Health/Check for service "users" → NOT_SERVING');
  });

  it('an unknown service (grpc-status 5 NOT_FOUND) → protocol-grpc-not-serving naming the service', async () => {
    const fault = await start(startGrpcHealthServer({ status: { users: 'SERVING' } }));
    const result = await grpcProbe(grpcTarget(fault, 'orders'), ctx());
    expect(result.observations[0]?.cause).toBe('protocol-grpc-not-serving');
    expect(result.observations[0]!.evidence[0]).toContain('grpc-status 5 NOT_FOUND');
    expect(result.observations[0]!.evidence[0]).toContain('no health status is registered for service "orders"');
  });

  it('no health service registered (12 UNIMPLEMENTED) → protocol-grpc-not-serving', async () => {
    const fault = await start(startGrpcHealthServer({ unimplemented: true }));
    const result = await grpcProbe(grpcTarget(fault), ctx());
    expect(result.code).toBe('GRPC_UNIMPLEMENTED');
    expect(result.observations[0]!.evidence[0]).toContain('does not implement grpc.health.v1.Health');
  });

  it('works over TLS with ALPN h2 and the gateway trust store', async () => {
    const fault = await start(startGrpcHealthServer({ tls: true }));
    const target = targetFor(fault, {
      protocol: 'grpc', tls: tlsSettings({ sni: 'localhost', caInline: fault.caPem }),
      health: { active: activeCheck({ type: 'grpc', timeoutMs: 3000 }) },
    });
    const result = await grpcProbe(target, ctx());
    expect(result.outcome).toBe('pass');
  });
});

describe('grpc probe: slow and silent servers', () => {
  const slowCheck = (fault: RunningFault, timeoutMs: number) =>
    targetFor(fault, { protocol: 'grpc', health: { active: activeCheck({ type: 'grpc', grpcService: '', timeoutMs }) } });

  it('SERVING, but later than the check timeout → health-timeout-too-short', async () => {
    const fault = await start(startGrpcHealthServer({ delayMs: 800 }));
    const result = await grpcProbe(slowCheck(fault, 400), probeContext({ timeoutMs: 3000, patience: 5 })); // uh keeps listening up to 2 s
    expect(result.outcome).toBe('warn');
    expect(result.observations[0]).toMatchObject({ cause: 'health-timeout-too-short', severity: 'warning' });
    expect(result.observations[0]!.evidence[0]).toMatch(/^SERVING, but answered in (\d+ ms|\d\.\d s); check timeout 400 ms$/);
  });

  it('no answer even after the extra wait (3× the check timeout) → health-timeout', async () => {
    const fault = await start(startGrpcHealthServer({ delayMs: 20_000 }));
    const result = await grpcProbe(slowCheck(fault, 200), ctx());
    expect(result.observations[0]).toMatchObject({ cause: 'health-timeout', severity: 'critical' });
    expect(result.observations[0]!.evidence[0]).toBe('accepted the connection, no gRPC health answer in 600 ms');
  });

  it('cancelled by the caller: health-timeout once the check timeout has passed, skip before', async () => {
    const fault = await start(startGrpcHealthServer({ delayMs: 20_000 }));
    const late = await grpcProbe(slowCheck(fault, 200), probeContext({ signal: AbortSignal.timeout(600) }));
    expect(late.observations[0]?.cause).toBe('health-timeout');
    const early = await grpcProbe(slowCheck(fault, 3000), probeContext({ signal: AbortSignal.timeout(300) }));
    expect(early.outcome).toBe('skip');
  });
});

describe('grpc probe: the port is not a gRPC server', () => {
  it('HTTP/1.1 only → protocol-h2-unsupported', async () => {
    const fault = await start(startHttp1OnlyServer());
    const result = await grpcProbe(grpcTarget(fault), ctx());
    expect(result.observations[0]).toMatchObject({ cause: 'protocol-h2-unsupported', severity: 'critical' });
    expect(result.observations[0]!.evidence[0]).toContain('speaks HTTP/1.1 only');
  });

  it('an h2 web server without gRPC → protocol-not-http, saying it is not gRPC', async () => {
    const fault = await start(startH2OnlyServer());
    const result = await grpcProbe(grpcTarget(fault), ctx());
    expect(result.code).toBe('NOT_GRPC');
    expect(result.observations[0]!.evidence[0]).toContain('answers HTTP/2 but not gRPC');
  });

  it('an SSH banner → protocol-not-http', async () => {
    const fault = await start(startNotHttpServer('ssh'));
    const result = await grpcProbe(grpcTarget(fault), ctx());
    expect(result.observations[0]).toMatchObject({ cause: 'protocol-not-http', severity: 'critical' });
  });

  it('skips a group that neither speaks nor checks gRPC', async () => {
    const fault = await start(startHttp1OnlyServer());
    const result = await grpcProbe(targetFor(fault), ctx());
    expect(result.outcome).toBe('skip');
  });
});
