/**
 * Every gateway-view source behind the one signature (`GatewayViewSource`), keyed by the JSON
 * `source` value, like PROBES and PARSERS. `--admin-kind` names map onto these; `detect-kind.ts`
 * picks one from what answers.
 */
import { caddyAdminSource } from './caddy-admin.js';
import { envoyAccessLogSource } from './envoy-access-log.js';
import { envoyAdminSource } from './envoy-admin.js';
import { haproxyLogSource } from './haproxy-log.js';
import { haproxyRuntimeSource } from './haproxy-runtime.js';
import { haproxyStatsSource } from './haproxy-stats-page.js';
import { nginxErrorLogSource } from './nginx-error-log.js';
import { nginxPlusApiSource } from './nginx-plus-api.js';
import type { GatewaySourceKind, GatewayViewSource } from './types.js';

export const GATEWAY_VIEW_SOURCES: Readonly<Record<GatewaySourceKind, GatewayViewSource>> = {
  'envoy-admin': envoyAdminSource,
  'haproxy-runtime': haproxyRuntimeSource,
  'haproxy-stats': haproxyStatsSource,
  'caddy-admin': caddyAdminSource,
  'nginx-plus-api': nginxPlusApiSource,
  'nginx-error-log': nginxErrorLogSource,
  'envoy-access-log': envoyAccessLogSource,
  'haproxy-log': haproxyLogSource,
};
