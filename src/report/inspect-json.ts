/**
 * `uh inspect --format json`: the model exactly as the parsers produced it, keys sorted at every
 * level so the output is byte-stable across runs and parsers (diffable, golden-testable).
 */
import { didYouMean } from '../config/uh/did-you-mean.js';
import { UsageError } from '../errors.js';
import type { GatewayConfig } from '../model/gateway.js';

/** The config narrowed to one group (and the routes to it); a name no group has is a usage error. */
export function inspectView(config: GatewayConfig, group?: string): GatewayConfig {
  if (group === undefined) return config;
  if (!config.groups.some((g) => g.name === group)) {
    const names = config.groups.map((g) => g.name);
    const listed = names.length > 0 ? ` (groups: ${names.join(', ')})` : '';
    throw new UsageError(`--group ${group}: no such upstream group in ${config.source.path}${didYouMean(group, names)}${listed}`);
  }
  return {
    ...config,
    groups: config.groups.filter((g) => g.name === group),
    routes: config.routes.filter((r) => r.upstream === group),
  };
}

export function inspectJson(config: GatewayConfig): string {
  return `${JSON.stringify(sortKeys(config), null, 2)}\n`;
}

/** A deep copy with object keys in code-point order; arrays keep their order (it is meaningful). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
