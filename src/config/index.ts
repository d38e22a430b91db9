/**
 * The parser registry: one line per config format (ARCHITECTURE.md rule 1). Every parser has the
 * same signature (config/types.ts) and produces the same GatewayConfig.
 */
import type { ConfigFormat } from '../model/gateway.js';
import { parseEnvoy } from './envoy/index.js';
import { parseHaproxy } from './haproxy/index.js';
import { parseNginx } from './nginx/index.js';
import type { Parser } from './types.js';
import { parseUh } from './uh/index.js';

export const PARSERS = {
  nginx: parseNginx,
  envoy: parseEnvoy,
  uh: parseUh,
  haproxy: parseHaproxy,
} satisfies Record<ConfigFormat, Parser>;

export const CONFIG_FORMATS: readonly ConfigFormat[] = ['nginx', 'envoy', 'uh', 'haproxy'];
