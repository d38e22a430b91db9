import { parseNginx } from '../../../src/config/nginx/index.js';
import type { GatewayConfig, UpstreamGroup } from '../../../src/model/index.js';
import { memOptions } from './mem-options.js';

/** Parse a config held in a string (no includes). */
export function parse(text: string): GatewayConfig {
  return parseNginx(text, 'nginx.conf', memOptions({}));
}

export function group(cfg: GatewayConfig, name: string): UpstreamGroup {
  const g = cfg.groups.find((x) => x.name === name);
  if (!g) throw new Error(`no group ${name} in ${cfg.groups.map((x) => x.name).join(', ')}`);
  return g;
}
