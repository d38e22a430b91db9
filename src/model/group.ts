import type { SourceLocation } from './location.js';
import type { Target } from './target.js';
import type { HealthPolicy } from './health.js';
import type { TlsSettings } from './tls.js';
import type { ResolverAddress } from './resolver.js';

/** What the gateway speaks to the group's targets. `tcp` = a stream (L4) proxy; the *cgi ones are nginx's. */
export type Protocol = 'http1' | 'http1.0' | 'h2' | 'h2c' | 'grpc' | 'mcp' | 'tcp' | 'udp' | 'fastcgi' | 'uwsgi' | 'scgi';

/**
 * The policies uh emulates, by their config names: the one list `serve`'s `BALANCERS` is keyed by
 * (the compiler requires a balancer for each) and the uh YAML `balance:` enum is made of.
 */
export const EMULATED_BALANCE_POLICIES = ['round_robin', 'least_request', 'random', 'p2c', 'ip_hash', 'hash'] as const;
export type EmulatedBalancePolicy = (typeof EMULATED_BALANCE_POLICIES)[number];

export type BalancePolicy =
  | EmulatedBalancePolicy
  /** A policy uh names but does not emulate (e.g. Envoy MAGLEV, nginx `least_time`), kept as written. */
  | `other:${string}`;

export type HashKey = { readonly header: string } | { readonly cookie: string } | { readonly expression: string };

/**
 * Where the target list comes from:
 * - `static`: literal addresses, fixed;
 * - `dns-once`: host names resolved once at start-up (nginx upstream without `resolve`);
 * - `dns-refresh`: re-resolved at run time (Envoy STRICT_DNS/LOGICAL_DNS, nginx `resolve`);
 * - `dynamic`: not in the file at all (EDS/xDS, ORIGINAL_DST, SRV, service registries).
 */
export type Discovery = 'static' | 'dns-once' | 'dns-refresh' | 'dynamic';

export interface Timeouts {
  readonly connectMs?: number;
  /** Time between two reads of the response (nginx proxy_read_timeout). */
  readonly readMs?: number;
  readonly sendMs?: number;
  /** Whole request (Envoy route timeout, uh timeouts.request). */
  readonly requestMs?: number;
  /** Idle keep-alive (Envoy idle_timeout, nginx keepalive_timeout). */
  readonly idleMs?: number;
  /** The timeout settings as the file wrote them (nginx `proxy_read_timeout: '90s'`), for inspect and tests. */
  readonly declared?: Readonly<Record<string, string>>;
}

export type RetryOn = 'connect_failure' | 'reset' | 'timeout' | `${number}`;

export interface RetryPolicy {
  /** Retries after the first try (so attempts: 2 means up to 3 tries). */
  readonly attempts: number;
  readonly on: readonly RetryOn[];
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  /** Share (0..1) of active requests that may be retries at once. */
  readonly budget: number;
  /** Per-try timeout; undefined = the request timeout. */
  readonly perTryTimeoutMs?: number;
  /** No retry starts once this long has passed since the first try (nginx `proxy_next_upstream_timeout`). */
  readonly giveUpAfterMs?: number;
  /** Where the policy was written (`proxy_next_upstream`, Envoy `retry_policy`), for inspect and notes. */
  readonly declared?: Readonly<Record<string, string>>;
}

export interface CircuitBreakerPolicy {
  readonly failureRatio: number;
  readonly minRequests: number;
  readonly windowMs: number;
  readonly openForMs: number;
}

/** Caps on the whole group, not per target (Envoy `circuit_breakers` DEFAULT-priority thresholds). */
export interface GroupLimits {
  readonly maxConnections?: number;
  readonly maxPendingRequests?: number;
  readonly maxRequests?: number;
  /** Retries in flight at once (Envoy `max_retries`), unless a retry budget says otherwise. */
  readonly maxRetries?: number;
}

export interface StickyPolicy {
  /** A response header name, or `cookie:NAME`. */
  readonly learn: string;
  readonly ttlMs: number;
}

/**
 * One way the gateway talks to a group. A group referenced in different ways (nginx `grpc://` and
 * `grpcs://`, `http://` and `https://`, HTTP/1.1 and h2) is probed once per way, and each finding
 * names the reference it belongs to.
 */
export interface ReferenceWay {
  /** The reference as written, with its place: `proxy_pass https://app at nginx.conf:14`. */
  readonly label: string;
  readonly protocol: Protocol;
  /** Present => this reference speaks TLS. */
  readonly tls?: TlsSettings;
}

export interface UpstreamGroup {
  readonly name: string;
  /** How the group came to be: an nginx upstream block, a literal `*_pass` address, an Envoy cluster, uh YAML, an HAProxy backend/listen section. */
  readonly source: 'upstream block' | 'proxy_pass literal' | 'cluster' | 'uh' | 'backend' | 'listen';
  /** nginx: `http` or `stream`. */
  readonly context?: 'http' | 'stream';
  /** For pass literals: the directive that named it (`proxy_pass`, `grpc_pass`, ...). */
  readonly directive?: string;
  /** Envoy cluster `type` as written (`STRICT_DNS`, `strict_dns`, `EDS`...). */
  readonly clusterType?: string;
  readonly discovery: Discovery;
  readonly targets: readonly Target[];
  readonly protocol: Protocol;
  /** Present => the gateway speaks TLS to every target. */
  readonly tls?: TlsSettings;
  /** True when the file alone cannot tell whether traffic is TLS (e.g. the scheme is a variable). */
  readonly tlsUnknown?: boolean;
  /**
   * Set (two or more) when references speak differently: each way is probed. `protocol` and `tls`
   * above stay the group's summary (the first reference's protocol; TLS when any reference speaks it).
   */
  readonly ways?: readonly ReferenceWay[];
  readonly health: HealthPolicy;
  readonly balance: BalancePolicy;
  readonly hashOn?: HashKey;
  readonly sticky?: StickyPolicy;
  readonly timeouts: Timeouts;
  readonly retries?: RetryPolicy;
  readonly circuitBreaker?: CircuitBreakerPolicy;
  /** Concurrent requests per target beyond which it counts as full. */
  readonly maxRequests?: number;
  /** Group-wide caps, when the config writes them (Envoy circuit_breakers). */
  readonly limits?: GroupLimits;
  readonly onAllUnhealthy: 'fail_closed' | 'fail_open';
  readonly explain: 'summary' | 'full';
  /** Resolvers in scope for this group's names (nginx `resolver` in the referencing context, Envoy dns_resolvers). */
  readonly resolvers: readonly ResolverAddress[];
  /** Group-level settings as written (keepalive, zone, lb method, outlier_detection, circuit_breakers...). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly loc: SourceLocation;
}
