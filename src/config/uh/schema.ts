/**
 * uh YAML (CONTRACT.md §5) as data: every key with its type, default, allowed values and doc text.
 * The decoder and the JSON Schema generator both read these tables, so adding a key is one row here.
 * Defaults are chosen to match what operators expect from Envoy/nginx active checks (interval 5s,
 * timeout 1s, rise 2, fall 3) and Envoy's outlier detection (5 failures, 30s ejection, 50% cap).
 */
import { CAUSE_IDS } from '../../causes/catalog.js';
import { EMULATED_BALANCE_POLICIES } from '../../model/index.js';
import type { FieldTable, TypeSpec } from './schema-types.js';

const duration: TypeSpec = { kind: 'duration' };
const str: TypeSpec = { kind: 'string' };
const bool: TypeSpec = { kind: 'boolean' };
const int = (min?: number, max?: number): TypeSpec => ({ kind: 'integer', min, max });
const list = (of: TypeSpec, minItems?: number): TypeSpec => ({ kind: 'list', of, minItems });
const object = (fields: FieldTable): TypeSpec => ({ kind: 'object', fields });

/** Top-level keys starting with `x-` are the user's (anchors for `<<: *defaults`), as in Compose files. */
export const EXTENSION_PREFIX = 'x-';

export const PROTOCOLS = ['http1', 'h2', 'h2c', 'grpc', 'mcp'] as const;
export const CHECK_TYPES = ['http', 'tcp', 'grpc', 'mcp'] as const;
/** uh YAML names exactly the policies `serve` emulates. */
export const BALANCE_POLICIES = EMULATED_BALANCE_POLICIES;
export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export const RETRY_CONDITIONS = ['connect_failure', 'reset', 'timeout'] as const;

export const TARGET_FIELDS: FieldTable = {
  address: { type: { kind: 'string', check: 'target-address' }, required: true, doc: 'host:port | [v6]:port | unix:/path, exactly as probes and the proxy connect to it.' },
  weight: { type: int(0), default: 1, doc: 'Relative share of traffic; 0 takes the target out of rotation.' },
  backup: { type: bool, default: false, doc: 'Used only when no primary target is healthy.' },
  down: { type: bool, default: false, doc: 'Administratively out of rotation (drained).' },
};

export const TLS_FIELDS: FieldTable = {
  sni: { type: str, doc: "Server name sent (SNI, RFC 6066 §3) and verified; default: the target's host." },
  verify: { type: bool, default: true, doc: 'Verify the upstream certificate chain and name (RFC 9110 §4.3.4).' },
  verify_name: { type: str, doc: 'Name the certificate must cover, when it differs from sni.' },
  ca: { type: str, doc: "Trust store (PEM file, relative to the config); default: the system's." },
  cert: { type: str, doc: 'Client certificate (PEM) presented for mTLS.' },
  key: { type: str, doc: 'Private key (PEM) of the client certificate.' },
  min_version: { type: { kind: 'enum', values: TLS_VERSIONS }, doc: 'Lowest TLS version offered.' },
  max_version: { type: { kind: 'enum', values: TLS_VERSIONS }, doc: 'Highest TLS version offered.' },
  alpn: { type: list(str), doc: 'ALPN protocols offered (RFC 7301); default follows protocol (h2 → ["h2"]).' },
};

export const ACTIVE_FIELDS: FieldTable = {
  type: { type: { kind: 'enum', values: CHECK_TYPES }, derivedDefault: 'http; grpc or mcp when the group protocol is', doc: 'What a check does: an HTTP request, a TCP connect, grpc.health.v1 Check, or MCP initialize.' },
  path: { type: { kind: 'string', check: 'http-path' }, default: '/', doc: 'Request path (http and mcp checks).' },
  method: { type: { kind: 'enum', values: ['GET', 'HEAD', 'POST', 'OPTIONS'] }, default: 'GET', doc: 'Request method (http checks).' },
  host: { type: str, doc: "Host header sent (http checks); default: the target's host." },
  port: { type: int(1, 65535), doc: "Probe this port instead of the target's." },
  grpc_service: { type: str, default: '', doc: "Service name in the grpc.health.v1 request; '' = the whole server." },
  interval: { type: duration, default: '5s', peer: 'nginx Plus health_check interval (5 s); Envoy requires one', doc: 'Time between two checks of one target.' },
  timeout: { type: duration, default: '1s', peer: 'Envoy requires one; HAProxy checks time out at `timeout connect`, uh keeps checks short', doc: 'A check not answered within this fails (keep it below interval).' },
  expect_status: { type: list({ kind: 'status-range' }, 1), default: ['200-399'], doc: 'Statuses that pass: codes or ranges, e.g. [200, "300-399"].' },
  expect_body: { type: { kind: 'string', check: 'body-match' }, doc: 'The body must contain this substring, or match /regex/flags.' },
  rise: { type: int(1), default: 2, peer: 'HAProxy check rise 2', doc: 'Consecutive passes for an unhealthy target to become healthy.' },
  fall: { type: int(1), default: 3, peer: 'HAProxy check fall 3', doc: 'Consecutive failures for a healthy target to become unhealthy.' },
  jitter: { type: { kind: 'percent' }, default: '10%', doc: 'Spread checks by up to this share of interval, so targets are not probed in lock-step.' },
  unhealthy_interval: { type: duration, derivedDefault: 'interval', doc: 'Check faster while a target is unhealthy.' },
};

export const PASSIVE_FIELDS: FieldTable = {
  max_failures: { type: int(1), default: 5, peer: 'Envoy outlier_detection consecutive_5xx (5)', doc: 'Failures within failure_window that eject a target.' },
  failure_window: { type: duration, default: '10s', doc: 'Window in which failures are counted.' },
  unhealthy_statuses: { type: list({ kind: 'status-range' }), default: [502, 503, 504], doc: 'Response statuses that count as failures, codes or ranges, e.g. [502, "503-504"] (connect errors always count).' },
  eject_for: { type: duration, default: '30s', peer: 'Envoy outlier_detection base_ejection_time (30 s, times the ejection count, at most 300 s)', doc: 'Base ejection time; grows on repeated ejections.' },
  max_ejected_percent: { type: int(0, 100), default: 50, peer: 'no gateway exactly (Envoy max_ejection_percent is 10 % but at least one host); 50 keeps half of a small group', doc: "Never eject more than this share of a group (Envoy's panic guard)." },
};

export const GROUP_FIELDS: FieldTable = {
  targets: { type: list(object(TARGET_FIELDS), 1), required: true, doc: 'The members of the group.' },
  protocol: { type: { kind: 'enum', values: PROTOCOLS }, default: 'http1', doc: 'What the gateway speaks to the targets: http1 | h2 (TLS+ALPN) | h2c | grpc | mcp.' },
  tls: { type: object(TLS_FIELDS), doc: 'Present: the gateway speaks TLS to every target of the group.' },
  health: {
    type: object({
      active: { type: object(ACTIVE_FIELDS), doc: 'Active checks; absent: none (diagnose reports config-no-health-check).' },
      passive: { type: object(PASSIVE_FIELDS), peer: 'Envoy outlier_detection consecutive_local_origin_failure (5) with split_external_local_origin_errors, base_ejection_time and max_ejection_percent. With no passive key, serve still ejects a target after 5 consecutive local-origin failures (refused, reset, connect or header timeout; 5xx answers do not count), for 30 s growing to 300 s on repeats, at most 10 % of the group but at least one target; an active check that passes un-ejects it (Envoy successful_active_health_check_uneject_host)', doc: 'Passive checking (outlier ejection) from live traffic.' },
    }),
    doc: 'How the gateway decides a target is healthy.',
  },
  balance: { type: { kind: 'enum', values: BALANCE_POLICIES }, default: 'p2c', doc: 'Load-balancing policy; p2c = power of two random choices.' },
  hash_on: {
    type: { kind: 'object', exactlyOne: true, fields: {
      header: { type: { kind: 'string', check: 'header-name' }, doc: 'Hash on this request header.' },
      cookie: { type: str, doc: 'Hash on this cookie.' },
    } },
    doc: 'Key for balance: hash (consistent hashing): {header: NAME} or {cookie: NAME}.',
  },
  sticky: {
    type: object({
      learn: { type: { kind: 'string', check: 'sticky-key' }, required: true, doc: 'Response header (or cookie:NAME) that names a session; later requests carrying it go to the same target.' },
      ttl: { type: duration, default: '30m', doc: 'Forget sessions idle this long.' },
    }),
    doc: 'Session affinity the upstream decides (e.g. Mcp-Session-Id).',
  },
  timeouts: {
    type: object({
      connect: { type: duration, default: '1s', peer: 'HAProxy examples (timeout connect); Envoy connect_timeout is 5 s, nginx proxy_connect_timeout 60 s', doc: 'TCP (and TLS) connect budget per try.' },
      request: { type: duration, default: '30s', peer: 'between Envoy\'s route timeout (15 s) and nginx (no whole-request limit, 60 s per read)', doc: 'Whole-request budget.' },
      read: { type: duration, doc: 'Longest gap between two reads of the response.' },
      idle: { type: duration, doc: 'Idle keep-alive connections are closed after this.' },
    }),
    default: {},
    doc: 'Per-phase time budgets.',
  },
  retries: {
    type: object({
      attempts: { type: int(0, 10), default: 2, peer: 'Envoy retry_policy num_retries is 1; 2 lets a request try three targets', doc: 'Retries after the first try (2 = up to 3 tries).' },
      on: { type: list({ kind: 'any-of', of: [{ kind: 'enum', values: RETRY_CONDITIONS }, { kind: 'status' }] }), default: ['connect_failure'], doc: 'What is retried: connect_failure | reset | timeout | a status code.' },
      backoff: { type: duration, default: '25ms', peer: 'Envoy retry_back_off base_interval (25 ms)', doc: 'First backoff; doubles per retry, with jitter. A refused connect, and the first retry after a connection died, go to another target at once (as nginx).' },
      max_backoff: { type: duration, default: '250ms', peer: 'Envoy retry_back_off max_interval (10 × base)', doc: 'Backoff cap.' },
      budget: { type: { kind: 'percent' }, default: '20%', peer: 'Envoy retry_budget budget_percent (20 %) and min_retry_concurrency (3 at once whatever the share); connect failures are not charged, and a retry that finds the budget full waits for a slot (until the request deadline) instead of failing', doc: 'Share of active requests that may be retries at once.' },
      per_try_timeout: { type: duration, doc: 'Budget of one try; default: timeouts.request.' },
    }),
    peer: 'nginx proxy_next_upstream error timeout. With no retries key, serve retries a failed connect on another target at once (nothing was sent, so it costs no attempt and no budget), and a reset or timeout of an idempotent request once on another target, within 20 % of active requests and at least 3 at once (Envoy retry_budget; a retry beyond it waits for a slot instead of failing). nginx and Envoy configs keep their own: proxy_next_upstream, or none without an Envoy retry_policy',
    doc: 'Retry policy.',
  },
  circuit_breaker: {
    type: object({
      failure_ratio: { type: { kind: 'number', min: 0, max: 1 }, default: 0.5, peer: 'Finagle and resilience4j failure-rate breakers (50 %)', doc: 'Failure share within window that opens the circuit.' },
      min_requests: { type: int(1), default: 20, doc: 'Requests within window before the ratio counts.' },
      window: { type: duration, default: '10s', doc: 'Sliding window.' },
      open_for: { type: duration, default: '30s', doc: 'How long an open circuit rejects before a trial request.' },
    }),
    doc: 'Per-target circuit breaker; absent: none.',
  },
  max_requests: { type: int(1), peer: 'Envoy circuit_breakers max_requests (1024 when unset)', doc: 'Concurrent requests per target beyond which it counts as full.' },
  on_all_unhealthy: { type: { kind: 'enum', values: ['fail_closed', 'fail_open'] }, default: 'fail_closed', doc: "fail_closed answers 503; fail_open uses every target (Envoy's panic mode), logged." },
  explain: { type: { kind: 'enum', values: ['summary', 'full'] }, default: 'summary', doc: "The 503's detail for non-loopback clients." },
};

export const ROUTE_FIELDS: FieldTable = {
  match: {
    type: object({
      path_prefix: { type: { kind: 'string', check: 'http-path' }, doc: 'Requests whose path starts with this.' },
      path: { type: { kind: 'string', check: 'http-path' }, doc: 'Requests with exactly this path.' },
      host: { type: str, doc: 'Requests for this Host (authority).' },
      method: { type: str, doc: 'Requests with this method.' },
    }),
    doc: 'Which requests the route takes; absent: all of them.',
  },
  upstream: { type: str, required: true, doc: 'The upstream group that serves them.' },
};

/** The top level of a uh YAML file. */
export const ROOT_FIELDS: FieldTable = {
  listen: { type: { kind: 'string', check: 'listen-address' }, doc: 'serve: where clients connect (host:port).' },
  admin: { type: { kind: 'string', check: 'listen-address' }, doc: 'serve: GET /status and GET /metrics (keep it on loopback).' },
  access_log: { type: str, default: 'stdout', doc: 'serve: one JSON line per request: stdout | off | a file path.' },
  trusted_proxies: {
    type: list({ kind: 'string', check: 'cidr' }),
    doc: 'serve: proxies in front of uh (CIDR blocks) whose Forwarded / X-Forwarded-For name the client. A loopback peer that forwards for another client is not shown the 503 topology unless listed here; the believed address decides instead.',
  },
  resolvers: { type: list({ kind: 'string', check: 'resolver-address' }), doc: "DNS resolvers (IP[:port]); default: the system's (/etc/hosts, then /etc/resolv.conf)." },
  ignore: { type: list({ kind: 'enum', values: CAUSE_IDS, hint: 'a cause id (`uh explain --list` lists them)' }), default: [], doc: 'diagnose: cause ids accepted as known risks (reported, never fail the run).' },
  upstreams: { type: { kind: 'map', of: object(GROUP_FIELDS), keyDoc: 'group name' }, default: {}, doc: 'Upstream groups by name.' },
  routes: { type: list(object(ROUTE_FIELDS)), default: [], doc: 'serve: which requests go to which group (first match wins).' },
};

export const ROOT_TYPE: TypeSpec = { kind: 'object', fields: ROOT_FIELDS };
