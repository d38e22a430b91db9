/**
 * The shapes decode.ts produces from the key tables (model units: ms, fractions, {from, to}).
 * Keys with a default in schema.ts are always present; the others are optional.
 */
import type { StatusRange } from '../../model/health.js';
import type { EmulatedBalancePolicy } from '../../model/index.js';

export interface DecodedTarget { address: string; weight: number; backup: boolean; down: boolean }

export interface DecodedTls {
  sni?: string; verify: boolean; verify_name?: string; ca?: string; cert?: string; key?: string;
  min_version?: string; max_version?: string; alpn?: string[];
}

export interface DecodedActive {
  type?: 'http' | 'tcp' | 'grpc' | 'mcp'; path: string; method: string; host?: string; port?: number;
  grpc_service: string; interval: number; timeout: number; expect_status: StatusRange[]; expect_body?: string;
  rise: number; fall: number; jitter: number; unhealthy_interval?: number;
}

export interface DecodedPassive {
  max_failures: number; failure_window: number; unhealthy_statuses: StatusRange[]; eject_for: number; max_ejected_percent: number;
}

export interface DecodedRetries {
  attempts: number; on: (string | number)[]; backoff: number; max_backoff: number; budget: number; per_try_timeout?: number;
}

export interface DecodedGroup {
  targets: DecodedTarget[];
  protocol: 'http1' | 'h2' | 'h2c' | 'grpc' | 'mcp';
  tls?: DecodedTls;
  health?: { active?: DecodedActive; passive?: DecodedPassive };
  balance: EmulatedBalancePolicy;
  hash_on?: { header?: string; cookie?: string };
  sticky?: { learn: string; ttl: number };
  timeouts: { connect: number; request: number; read?: number; idle?: number };
  retries?: DecodedRetries;
  circuit_breaker?: { failure_ratio: number; min_requests: number; window: number; open_for: number };
  max_requests?: number;
  on_all_unhealthy: 'fail_closed' | 'fail_open';
  explain: 'summary' | 'full';
}

export interface DecodedRoute {
  match?: { path_prefix?: string; path?: string; host?: string; method?: string };
  upstream: string;
}

export interface DecodedRoot {
  listen?: string; admin?: string; access_log: string; trusted_proxies?: string[]; resolvers?: string[]; ignore: string[];
  upstreams: Record<string, DecodedGroup>; routes: DecodedRoute[];
}
