/**
 * A tiny authoritative DNS responder on loopback (UDP and TCP on the same port, RFC 1035 §4.2),
 * built on dns-packet, for the DNS faults of the catalog: names that do not exist (NXDOMAIN),
 * names without the asked record (NODATA), a resolver that fails (SERVFAIL / REFUSED) or never
 * answers, and answers too big for UDP (TC=1 over UDP, the full answer over TCP, RFC 7766).
 * Tests point the probe at it so they never touch the system resolver.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { RunningFault } from './types.js';

export interface ZoneRecords {
  readonly A?: readonly string[];
  readonly AAAA?: readonly string[];
  /** Answer UDP queries with TC=1 and no records; the records come only over TCP. */
  readonly truncate?: boolean;
}

/**
 * What the server answers for a name: records, or a fault. `'truncate'` is shorthand for
 * `{A: ['127.0.0.1'], truncate: true}`. Names not in the zone get NXDOMAIN.
 */
export type ZoneEntry = ZoneRecords | 'nxdomain' | 'servfail' | 'refused' | 'silent' | 'truncate';
export type Zone = Readonly<Record<string, ZoneEntry>>;

export interface DnsQueryLog {
  readonly name: string;
  readonly type: string;
  readonly transport: 'udp' | 'tcp';
}

export interface RunningDnsServer extends RunningFault {
  /** Every question received, in order (bounded to the last 1000). */
  readonly queries: readonly DnsQueryLog[];
}

const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;
const MAX_LOG = 1000;
/** Attempts at binding TCP on the port UDP got (another process may hold it). */
const BIND_ATTEMPTS = 10;

const normalise = (name: string): string => name.toLowerCase().replace(/\.$/, '');

function lookupZone(zone: Zone, name: string): ZoneEntry | undefined {
  const wanted = normalise(name);
  const key = Object.keys(zone).find((k) => normalise(k) === wanted);
  return key === undefined ? undefined : zone[key];
}

/** The response for one query, or undefined to stay silent. */
export function answerFor(zone: Zone, query: dnsPacket.DecodedPacket, transport: 'udp' | 'tcp'): Buffer | undefined {
  const question = query.questions?.[0];
  const reply = (rcode: number, answers: dnsPacket.Answer[] = [], tc = false): Buffer =>
    dnsPacket.encode({
      type: 'response', id: query.id ?? 0,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED | (tc ? dnsPacket.TRUNCATED_RESPONSE : 0) | rcode,
      questions: query.questions ?? [], answers,
    });
  if (!question) return reply(RCODE.REFUSED);
  const raw = lookupZone(zone, question.name);
  const entry: ZoneEntry | undefined = raw === 'truncate' ? { A: ['127.0.0.1'], truncate: true } : raw;
  if (entry === undefined || entry === 'nxdomain') return reply(RCODE.NXDOMAIN);
  if (entry === 'servfail') return reply(RCODE.SERVFAIL);
  if (entry === 'refused') return reply(RCODE.REFUSED);
  if (entry === 'silent') return undefined;
  if (entry.truncate && transport === 'udp') return reply(RCODE.NOERROR, [], true);
  const type = question.type;
  const data = type === 'A' ? entry.A : type === 'AAAA' ? entry.AAAA : undefined;
  const answers = (data ?? []).map((address) => ({ type, name: question.name, ttl: 30, class: 'IN', data: address }) as dnsPacket.Answer);
  return reply(RCODE.NOERROR, answers);
}

/** Start the responder on 127.0.0.1 (UDP and TCP, same port). */
export async function startDnsServer(zone: Zone, host = '127.0.0.1'): Promise<RunningDnsServer> {
  const queries: DnsQueryLog[] = [];
  const log = (q: dnsPacket.DecodedPacket, transport: 'udp' | 'tcp'): void => {
    const question = q.questions?.[0];
    if (queries.length >= MAX_LOG) queries.shift();
    queries.push({ name: question?.name ?? '', type: question?.type ?? '', transport });
  };
  for (let attempt = 1; ; attempt++) {
    const udp = await bindUdp(host, zone, log);
    const port = udp.address().port;
    try {
      const tcp = await listenTcp(host, port, zone, log);
      return {
        address: `${host}:${port}`, host, port, queries,
        close: async () => {
          await Promise.all([
            new Promise<void>((resolve) => udp.close(() => resolve())),
            tcp.close(),
          ]);
        },
      };
    } catch (err) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      if (attempt >= BIND_ATTEMPTS) throw err;
    }
  }
}

function bindUdp(host: string, zone: Zone, log: (q: dnsPacket.DecodedPacket, t: 'udp') => void): Promise<dgram.Socket> {
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.on('message', (msg, rinfo) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return; // not DNS: drop, as a real server does
    }
    log(query, 'udp');
    const response = answerFor(zone, query, 'udp');
    if (response) socket.send(response, rinfo.port, rinfo.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => {
      socket.removeListener('error', reject);
      resolve(socket);
    });
  });
}

async function listenTcp(
  host: string, port: number, zone: Zone, log: (q: dnsPacket.DecodedPacket, t: 'tcp') => void,
): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      // RFC 1035 §4.2.2: each message is prefixed with its 2-byte length.
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const size = buffered.readUInt16BE(0);
        const frame = buffered.subarray(2, 2 + size);
        buffered = buffered.subarray(2 + size);
        let query: dnsPacket.DecodedPacket;
        try {
          query = dnsPacket.decode(frame);
        } catch {
          socket.destroy();
          return;
        }
        log(query, 'tcp');
        const response = answerFor(zone, query, 'tcp');
        if (response) socket.write(Buffer.concat([lengthPrefix(response.length), response]));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function lengthPrefix(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
