/**
 * One DNS question to one resolver, asked directly (not through getaddrinfo), so the answer says
 * WHICH resolver said WHAT: NXDOMAIN vs NODATA vs SERVFAIL vs silence are different outages.
 * UDP first, with a per-attempt timeout and a bounded number of attempts (RFC 1035 §4.2.1); a
 * truncated answer (TC=1) is asked again over TCP (RFC 7766 §5). The UDP socket is connected, so
 * an ICMP port-unreachable (nothing listens on the resolver's port) comes back as ECONNREFUSED at
 * once instead of a timeout.
 */
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { ResolverAddress } from '../model/index.js';
import type { DnsRcode } from './codes.js';
import { dnsRcode } from './codes.js';

export type RrType = 'A' | 'AAAA';

export type DnsAnswer =
  | {
      readonly kind: 'answer';
      /** NOERROR, NXDOMAIN, SERVFAIL, REFUSED... */
      readonly rcode: DnsRcode;
      readonly addresses: readonly string[];
      readonly via: 'udp' | 'tcp';
      /** UDP said TC=1 and the answer came over TCP. */
      readonly truncatedUdp: boolean;
      readonly ms: number;
    }
  | { readonly kind: 'timeout'; readonly attempts: number; readonly perAttemptMs: number; readonly ms: number }
  | { readonly kind: 'error'; readonly code: string; readonly message: string; readonly ms: number }
  | { readonly kind: 'aborted'; readonly ms: number };

export interface QueryOptions {
  readonly server: ResolverAddress;
  readonly name: string;
  readonly type: RrType;
  /** Per attempt (UDP) and for the TCP retry. */
  readonly timeoutMs: number;
  /** UDP attempts before giving up (≥ 1). */
  readonly attempts: number;
  readonly signal: AbortSignal;
}

type Exchange =
  | { kind: 'packet'; packet: dnsPacket.DecodedPacket }
  | { kind: 'timeout' }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'aborted' };

const round = (ms: number): number => Math.round(ms * 10) / 10;

function question(name: string, type: RrType, id: number): dnsPacket.Packet {
  return { type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: 'IN' }] };
}

/** Run `start` until it settles, the timer fires or the signal aborts; `cleanup` always runs. */
function bounded(
  timeoutMs: number, signal: AbortSignal,
  start: (settle: (e: Exchange) => void) => () => void,
): Promise<Exchange> {
  return new Promise((resolve) => {
    let done = false;
    let cleanup: () => void = () => undefined;
    const settle = (e: Exchange): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      cleanup();
      resolve(e);
    };
    const onAbort = (): void => settle({ kind: 'aborted' });
    // Deferred past the next poll phase: an answer already queued beats a timer that fired late.
    const timer = setTimeout(() => setImmediate(() => settle({ kind: 'timeout' })), timeoutMs);
    if (signal.aborted) return settle({ kind: 'aborted' });
    signal.addEventListener('abort', onAbort, { once: true });
    cleanup = start(settle);
    if (done) cleanup();
  });
}

function errorOf(err: unknown): Exchange {
  const e = err as { code?: string; message?: string };
  return { kind: 'error', code: e.code ?? 'ERROR', message: e.message ?? String(err) };
}

function udpExchange(o: QueryOptions, id: number): Promise<Exchange> {
  return bounded(o.timeoutMs, o.signal, (settle) => {
    const socket = dgram.createSocket(net.isIPv6(o.server.host) ? 'udp6' : 'udp4');
    socket.on('error', (err) => settle(errorOf(err)));
    socket.on('message', (msg) => {
      try {
        const packet = dnsPacket.decode(msg);
        if (packet.id === id && packet.type === 'response') settle({ kind: 'packet', packet });
      } catch {
        // A malformed datagram is not our answer; keep waiting until the timer.
      }
    });
    socket.connect(o.server.port, o.server.host, () => socket.send(dnsPacket.encode(question(o.name, o.type, id))));
    return () => {
      try {
        socket.close();
      } catch {
        // already closed after an error
      }
    };
  });
}

function tcpExchange(o: QueryOptions, id: number): Promise<Exchange> {
  return bounded(o.timeoutMs, o.signal, (settle) => {
    const socket = net.connect({ host: o.server.host, port: o.server.port });
    let buffered = Buffer.alloc(0);
    socket.on('error', (err) => settle(errorOf(err)));
    socket.on('connect', () => socket.write(dnsPacket.streamEncode(question(o.name, o.type, id))));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) return;
      try {
        settle({ kind: 'packet', packet: dnsPacket.decode(buffered.subarray(2, 2 + buffered.readUInt16BE(0))) });
      } catch (err) {
        settle(errorOf(err));
      }
    });
    socket.on('end', () => settle({ kind: 'error', code: 'ECONNRESET', message: 'resolver closed the TCP connection without an answer' }));
    return () => socket.destroy();
  });
}

function rcodeOf(packet: dnsPacket.DecodedPacket): DnsRcode {
  return dnsRcode((packet as { rcode?: string }).rcode ?? String((packet.flags ?? 0) & 0xf));
}

function addressesOf(packet: dnsPacket.DecodedPacket, type: RrType): string[] {
  return (packet.answers ?? []).filter((a) => a.type === type).map((a) => String((a as { data?: unknown }).data));
}

/** Ask `server` for `type` records of `name`. Never rejects. */
export async function queryDns(o: QueryOptions): Promise<DnsAnswer> {
  const started = performance.now();
  const ms = (): number => round(performance.now() - started);
  const id = randomInt(0, 0x10000);
  const attempts = Math.max(1, o.attempts);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const udp = await udpExchange(o, id);
    if (udp.kind === 'timeout') continue;
    if (udp.kind === 'aborted') return { kind: 'aborted', ms: ms() };
    if (udp.kind === 'error') return { ...udp, ms: ms() };
    if (!udp.packet.flag_tc) {
      return { kind: 'answer', rcode: rcodeOf(udp.packet), addresses: addressesOf(udp.packet, o.type), via: 'udp', truncatedUdp: false, ms: ms() };
    }
    const tcp = await tcpExchange(o, id);
    if (tcp.kind === 'packet') {
      return { kind: 'answer', rcode: rcodeOf(tcp.packet), addresses: addressesOf(tcp.packet, o.type), via: 'tcp', truncatedUdp: true, ms: ms() };
    }
    if (tcp.kind === 'aborted') return { kind: 'aborted', ms: ms() };
    if (tcp.kind === 'timeout') return { kind: 'timeout', attempts: attempt, perAttemptMs: o.timeoutMs, ms: ms() };
    return { kind: 'error', code: tcp.code, message: `TC=1 over UDP, then TCP failed: ${tcp.message}`, ms: ms() };
  }
  return { kind: 'timeout', attempts, perAttemptMs: o.timeoutMs, ms: ms() };
}

/** `udp 127.0.0.1:53` style resolver label: `127.0.0.1:5353`, `[::1]:53`. */
export function formatResolver(server: ResolverAddress): string {
  return server.host.includes(':') ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}
