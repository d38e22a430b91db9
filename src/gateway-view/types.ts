/**
 * The running gateway's own view (CONTRACT §6): what Envoy's admin, HAProxy's stats, Caddy's admin,
 * the NGINX Plus API or the gateway's logs say about each group and target. Plain data, read-only:
 * a source reads, it never prints and never changes the gateway's state. Diagnosis holds this view
 * against uh's own direct probes (diagnosis/gateway-judge.ts).
 */
import type { CauseId } from '../causes/catalog.js';

/** Where a view came from; the JSON `gateway.source` value. */
export type GatewaySourceKind =
  | 'envoy-admin' | 'haproxy-runtime' | 'haproxy-stats' | 'caddy-admin' | 'nginx-plus-api'
  | 'nginx-error-log' | 'envoy-access-log' | 'haproxy-log';

/** `--admin-kind` values (the CLI's choices; kept here so the CLI need not load a source). */
export const ADMIN_KINDS = ['envoy', 'haproxy', 'caddy', 'nginx-plus'] as const;
export type AdminKind = (typeof ADMIN_KINDS)[number];

/** The gateway's opinion of one target, in one vocabulary for every gateway. */
export type GatewayTargetState = 'healthy' | 'unhealthy' | 'degraded' | 'draining' | 'ejected' | 'maint' | 'pending' | 'unknown';

/** How the gateway came to its opinion, when its words say: an active check, live traffic, an operator. */
export type GatewayEvidenceKind = 'active-check' | 'traffic' | 'admin' | 'discovery';

/** The check layer the gateway's failing check reached (HAProxy L4/L6/L7), used to say what differs from uh's check. */
export type GatewayCheckLayer = 'tcp' | 'tls' | 'http';

/** One target as the gateway holds it. */
export interface GatewayTargetView {
  readonly source: GatewaySourceKind;
  /** The gateway's name for the group (HAProxy backend, Envoy cluster, nginx upstream); '' when it gives none. */
  readonly group: string;
  /** The gateway's name for the member (HAProxy server name), when it has one. */
  readonly name?: string;
  /** `host:port` as the gateway names it (IPv6 as `[::1]:80`); '' when unknown (a server whose address is not shown). */
  readonly address: string;
  readonly state: GatewayTargetState;
  /** The gateway's own flags, kept as written (Envoy `failed_active_hc`, unknown tokens too). */
  readonly flags: readonly string[];
  /** The gateway's words: `DOWN L4CON Connection refused`, `/failed_active_hc`. */
  readonly detail: string;
  readonly kind?: GatewayEvidenceKind;
  /** The layered cause the gateway's words name (L4CON "Connection refused" → tcp-refused), when they name one. */
  readonly cause?: CauseId;
  /** Which layer the gateway's failing check reached. */
  readonly checkLayer?: GatewayCheckLayer;
  /** The status the gateway's HTTP check got, when it says (HAProxy check_code). */
  readonly checkStatus?: number;
  /** When the state began, ISO 8601, when the gateway says. */
  readonly since?: string;
  /** Endpoints the gateway discovered (EDS, DNS) rather than read from a file. */
  readonly discovered?: 'eds' | 'dns';
  /** For log sources: how many lines, first and last seen. */
  readonly events?: EventCount;
}

export interface EventCount {
  readonly count: number;
  readonly first: string;
  readonly last: string;
}

/** One group as the gateway holds it. */
export interface GatewayGroupView {
  readonly source: GatewaySourceKind;
  readonly name: string;
  /** Undefined when the source cannot know (a log names only the members that failed). */
  readonly members?: number;
  readonly healthy?: number;
  /** The gateway routes to unhealthy members because too few are healthy (Envoy panic). */
  readonly panic: boolean;
  /** The gateway's own limits at work (overflow counters, queued requests), each in the gateway's words. */
  readonly overflow: readonly string[];
  /** Requests the gateway could not route to any member (`no live upstreams`, `<NOSRV>`, `UH`). */
  readonly noneHealthy?: EventCount;
  /** Other counters worth reading beside a finding, in the gateway's words (`upstream_cx_none_healthy 5`). */
  readonly counters?: readonly string[];
}

/** What one source said, or why it could not be read. */
export interface GatewayView {
  /** `unknown` only for an endpoint nothing recognisable answered at (always a skip). */
  readonly source: GatewaySourceKind | 'unknown';
  /** The endpoint or file as the user gave it. */
  readonly endpoint: string;
  readonly outcome: 'read' | 'skip';
  /** Why the source could not be read (`outcome: skip`). */
  readonly reason?: string;
  readonly groups: readonly GatewayGroupView[];
  readonly targets: readonly GatewayTargetView[];
  /** What the source said beyond groups and targets, for the report (`Caddy reports no health state`). */
  readonly notes: readonly string[];
}

/** One request sent through the gateway's listener (`--through`), and how its answer reads. */
export interface ThroughAnswer {
  /** The route as matched: its path prefix (and host when the route has one). */
  readonly route: string;
  /** The config group the route names, when known. */
  readonly group?: string;
  readonly url: string;
  readonly status?: number;
  /** `no healthy upstream`, `bad gateway`, `gateway timeout`, `ok`, `connect ECONNREFUSED`… */
  readonly answer: string;
  /** Who answered, when the answer says (`envoy`, `nginx`, `haproxy`, `caddy`, `uh`). */
  readonly by?: string;
  /** True when the gateway itself said it could not serve (5xx or no answer). */
  readonly failed: boolean;
  readonly ms: number;
}

/** Every view of one run, as diagnosis takes it. */
export interface GatewayViews {
  readonly views: readonly GatewayView[];
  readonly through: readonly ThroughAnswer[];
}

export const NO_GATEWAY_VIEWS: GatewayViews = { views: [], through: [] };

/** Bounds every source reads within. */
export interface GatewayReadContext {
  readonly signal: AbortSignal;
  /** Per request or command. */
  readonly timeoutMs: number;
  /** Per response or log tail. */
  readonly maxBytes: number;
  /** Logs: only lines at or after this time (epoch ms). */
  readonly sinceMs: number;
  readonly now: () => number;
}

/** The one signature of every source: an endpoint (URL, `unix:/path`, or log file) in, data out. */
export type GatewayViewSource = (endpoint: string, ctx: GatewayReadContext) => Promise<GatewayView>;

/** A source that could not be read: a skip that says why, never a silent omission. */
export function skippedView(source: GatewaySourceKind | 'unknown', endpoint: string, reason: string): GatewayView {
  return { source, endpoint, outcome: 'skip', reason, groups: [], targets: [], notes: [] };
}

/** The label a report line uses: `haproxy runtime`, `envoy admin`. */
export function sourceLabel(source: GatewaySourceKind | 'unknown'): string {
  return source.replaceAll('-', ' ');
}
