/**
 * `--through URL`: one GET per route of the config (its path prefix, and its Host when the route
 * names one) through the gateway's own listener, so the report can say which hop fails. Bounded:
 * at most MAX_ROUTES requests, each with the per-read timeout; the body is read up to 64 KiB.
 */
import type { GatewayConfig, Route } from '../model/index.js';
import { httpGet } from './bounded-io.js';
import { classifyThrough } from './through-classify.js';
import type { GatewayReadContext, ThroughAnswer } from './types.js';

export const MAX_ROUTES = 50;

interface Planned {
  readonly route: string;
  readonly group?: string;
  readonly path: string;
  readonly host?: string;
}

export function planThrough(config: GatewayConfig): Planned[] {
  const seen = new Set<string>();
  const out: Planned[] = [];
  for (const route of config.routes) {
    const path = requestPath(route);
    if (path === undefined) continue;
    const host = route.match.host?.replace(/^\*\./, 'www.');
    const key = `${host ?? ''} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ route: `${host ?? ''}${route.match.pathPrefix ?? route.match.path ?? '/'}`, group: route.upstream, path, ...(host ? { host } : {}) });
    if (out.length >= MAX_ROUTES) break;
  }
  if (out.length === 0) {
    const only = config.groups.length === 1 ? config.groups[0]!.name : undefined;
    out.push({ route: '/', path: '', ...(only ? { group: only } : {}) });
  }
  return out;
}

/** The path to request for a route: its prefix or exact path; regex routes cannot be turned into one. */
function requestPath(route: Route): string | undefined {
  if (route.match.pathRegex !== undefined) return undefined;
  return route.match.path ?? route.match.pathPrefix ?? '/';
}

export async function sendThrough(base: string, config: GatewayConfig, ctx: GatewayReadContext): Promise<ThroughAnswer[]> {
  let origin: URL;
  try {
    origin = new URL(base);
  } catch {
    return [{ route: '/', url: base, answer: 'not a URL (give http://host:port of the gateway\'s listener)', failed: false, ms: 0 }];
  }
  const plans = planThrough(config);
  const small = { ...ctx, maxBytes: 64 * 1024 };
  return Promise.all(plans.map(async (plan) => {
    const url = plan.path === '' ? origin.toString() : new URL(plan.path, origin).toString();
    const started = performance.now();
    const got = await httpGet(url, small, plan.host ? { host: plan.host } : {});
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const common = { route: plan.route, ...(plan.group !== undefined ? { group: plan.group } : {}), url, ms };
    if (!got.ok) return { ...common, answer: got.reason.replace(`GET ${url}: `, ''), failed: true };
    const reading = classifyThrough(got.status ?? 0, got.headers ?? {}, got.text);
    return { ...common, status: got.status!, ...reading };
  }));
}
