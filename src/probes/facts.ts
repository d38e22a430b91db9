/**
 * What each probe measured, by probe name: the compiler holds the map, so the orchestrator and the
 * diagnosis read a probe's facts typed (`ProbeResult<'http'>['facts'].status`) with no casts. Every
 * field is optional where a result is read (`ProbeResult.facts` is `Partial`): a step that never ran
 * has none. This file imports no probe, so `types.ts` can hold the map without a cycle; a `ProbeName`
 * without an entry here does not compile (`ProbeResult` indexes this map by name).
 */
import type { CertFacts, ChainLink } from './cert-facts.js';
import type { DnsAnswer, RrType } from './dns-query.js';
import type { ServingStatus } from './grpc-wire.js';
import type { ProbeResultCode } from './codes.js';

export interface DnsAddress {
  readonly address: string;
  readonly family: 4 | 6;
  readonly source: 'hosts' | 'dns' | 'literal';
}

/** What one resolver said for the name. */
export interface ResolverReport {
  readonly resolver: string;
  readonly verdict: 'answered' | 'nxdomain' | 'nodata' | 'unreachable';
  readonly answers: Readonly<Record<RrType, DnsAnswer>>;
  readonly addresses: readonly string[];
}

export interface DnsFacts {
  readonly name: string;
  /** The name that answered when resolv.conf's search list made it another (`api` → `api.prod.svc.cluster.local`). */
  readonly queried?: string;
  /** Every address the gateway may use, in answer order, deduplicated. */
  readonly addresses: readonly DnsAddress[];
  readonly resolvers: readonly ResolverReport[];
  readonly hostsFile?: string;
  /** Lines of the hosts file that name the host. */
  readonly hostsLines?: readonly number[];
}

/** What the TCP layer measured. */
export interface TcpFacts {
  /** `ip:port` (IPv6 bracketed) or `unix:/path`. */
  readonly endpoint: string;
  /** Time to the established connection, ms (undefined when it never connected). */
  readonly connectMs?: number;
  readonly localAddress?: string;
  readonly localPort?: number;
  /** How long the probe watched for an immediate reset after connecting, ms. */
  readonly watchedMs?: number;
  /** The peer spoke first (a banner) during the watch: the connection is alive. */
  readonly peerSpokeFirst?: boolean;
}

/** What the TLS layer saw. */
export interface TlsFacts {
  /** SNI sent (undefined: none). */
  readonly sni?: string;
  readonly verifyName?: string;
  /** Whether the gateway itself verifies the certificate. */
  readonly verify?: boolean;
  readonly protocol?: string | null;
  /** Negotiated ALPN protocol; false/null when none was negotiated. */
  readonly alpn?: string | false | null;
  readonly cipher?: string;
  readonly cert?: CertFacts;
  readonly chain: readonly ChainLink[];
  /** OpenSSL's verdict against the gateway's trust store. */
  readonly authorized?: boolean;
  readonly authorizationError?: string;
  readonly handshakeMs?: number;
  /** For plain-text groups: whether the port nonetheless speaks TLS. */
  readonly speaksTls?: boolean;
}

/** Facts the diagnosis reads: latency feeds config-proxy-timeout-below-latency and overload-vs-peers. */
export type HttpFacts = {
  readonly url?: string;
  readonly method?: string;
  readonly host?: string;
  /** Whose check was sent: the gateway's declared one, or uh's default. */
  readonly check?: 'gateway' | 'uh default';
  readonly checkTimeoutMs?: number;
  readonly samples?: ReadonlyArray<{ status?: number; ms: number; code?: ProbeResultCode }>;
  readonly status?: number;
  /** Median time to the response head over the answered samples, ms. */
  readonly latencyMs?: number;
  readonly timings?: { tcp?: number; tls?: number; firstByte?: number; total: number };
  readonly headers?: Readonly<Record<string, string>>;
  readonly bodyExcerpt?: string;
};

export type H2Facts = {
  readonly gatewaySpeaks?: string;
  /** Protocols the target spoke: `http/1.1`, `h2` (TLS+ALPN) or `h2c` (clear text). */
  readonly speaks?: readonly string[];
  readonly tls?: boolean;
  /** What each attempt saw, e.g. `{h2c: 'SETTINGS frame', 'http/1.1': 'HTTP/1.1 200 OK'}`. */
  readonly answers?: Readonly<Record<string, string>>;
  /** Set when another check of the chain answered for this layer (`the http health check`). */
  readonly from?: string;
};

export type GrpcFacts = {
  readonly service?: string;
  readonly httpStatus?: number;
  readonly contentType?: string;
  readonly grpcStatus?: number;
  readonly grpcMessage?: string;
  readonly servingStatus?: ServingStatus;
  readonly latencyMs?: number;
};

export type McpFacts = {
  readonly url?: string;
  readonly offeredVersion?: string;
  readonly protocolVersion?: string;
  readonly serverInfo?: { readonly name?: string; readonly version?: string };
  readonly sessionId?: string;
  readonly transport?: 'streamable-http' | 'legacy-sse' | 'unknown';
  /** How the initialize answer came: a JSON body or an SSE stream. */
  readonly answer?: 'json' | 'sse';
  readonly status?: number;
  readonly latencyMs?: number;
};

/** The facts of every probe, keyed by its name. */
export interface ProbeFacts {
  readonly dns: DnsFacts;
  readonly tcp: TcpFacts;
  readonly tls: TlsFacts;
  readonly http: HttpFacts;
  readonly h2: H2Facts;
  readonly grpc: GrpcFacts;
  readonly mcp: McpFacts;
}

