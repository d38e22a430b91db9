import type { SourceLocation } from './location.js';

/** An inclusive range of HTTP status codes; a single code has from === to. */
export interface StatusRange {
  readonly from: number;
  readonly to: number;
}

export type BodyMatch =
  | { readonly kind: 'substring'; readonly value: string }
  | { readonly kind: 'regex'; readonly value: string; readonly flags?: string }
  /** nginx `match { body !~ ... }` and similar: the body must NOT match. */
  | { readonly kind: 'not-regex'; readonly value: string; readonly flags?: string };

export type ActiveCheckType = 'http' | 'tcp' | 'grpc' | 'mcp';

/**
 * The gateway's active health check for a group. Fields are effective values (defaults applied
 * by the parser, per the gateway's own defaults); `declared` keeps what the file wrote, keys
 * normalised to snake_case, values as written, for `uh inspect` and the corpus tests.
 */
export interface ActiveHealthCheck {
  readonly type: ActiveCheckType;
  /** http/mcp: request path (default `/`). */
  readonly path?: string;
  /** http: request method (default GET). */
  readonly method?: string;
  /** http: Host header to send (Envoy `host`; nginx Plus sends the upstream name). */
  readonly host?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Probe a different port than the target's (nginx Plus `port=`, Envoy health_check_config.port_value). */
  readonly port?: number;
  /** grpc: the service name sent in grpc.health.v1.HealthCheckRequest ('' = the whole server). */
  readonly grpcService?: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /**
   * The check has no timeout of its own and the interval bounds it (HAProxy without `timeout
   * check`: the whole check must finish within `inter`). Timeout = interval is then by design.
   */
  readonly timeoutFromInterval?: true;
  /** Statuses that pass; empty means the uh default (200-399). */
  readonly expectStatus: readonly StatusRange[];
  readonly expectBody?: BodyMatch;
  /** Consecutive passes to become healthy. */
  readonly rise: number;
  /** Consecutive failures to become unhealthy. */
  readonly fall: number;
  /** Fraction 0..1 of the interval used to spread checks. */
  readonly jitter?: number;
  /** Interval while a target is unhealthy (Envoy `unhealthy_interval`); defaults to intervalMs. */
  readonly unhealthyIntervalMs?: number;
  /** Where the check came from, e.g. `nginx-plus health_check`, `envoy http_health_check`, `uh`. */
  readonly origin: string;
  readonly declared: Readonly<Record<string, unknown>>;
  readonly loc: SourceLocation;
}

/** Passive checking / outlier detection at group level (uh `health.passive`, Envoy `outlier_detection`). */
export interface PassiveHealthCheck {
  /** Failures within `failureWindowMs` that eject a target (Envoy: consecutive_5xx). */
  readonly maxFailures: number;
  readonly failureWindowMs: number;
  readonly unhealthyStatuses: readonly number[];
  /** Base ejection time; grows on repeat ejections. */
  readonly ejectForMs: number;
  readonly maxEjectedPercent: number;
  readonly declared: Readonly<Record<string, unknown>>;
  readonly loc: SourceLocation;
}

export interface HealthPolicy {
  readonly active?: ActiveHealthCheck;
  readonly passive?: PassiveHealthCheck;
}
