import type { GatewayConfig, Route, Target, UpstreamGroup } from '../../src/model/index.js';
import { effectiveWeight } from '../../src/model/index.js';
import { uhAddress } from '../../src/convert/uh-group.js';

/** What every format can say about a target. `backup` is optional: Envoy writes backups as priority 1. */
export function targetView(t: Target, opts: { backup: boolean }): Record<string, unknown> {
  return { address: uhAddress(t) ?? t.address, weight: effectiveWeight(t), down: t.down, ...(opts.backup ? { backup: t.backup } : {}) };
}

/** Groups by name with their targets: what `uh convert` must keep for every config. */
export function groupsAndTargets(config: GatewayConfig, opts = { backup: true }): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const g of config.groups) if (g.targets.length > 0) out[g.name] = g.targets.map((t) => targetView(t, opts));
  return out;
}

/** The settings a group carries through a uh → gateway → uh round trip, as far as that gateway can express them. */
export function groupView(g: UpstreamGroup, parts: { active: boolean; passive: boolean; protocol: boolean }): Record<string, unknown> {
  const a = g.health.active;
  const p = g.health.passive ?? memberPassive(g);
  return {
    tls: g.tls ? { sni: g.tls.sni, verify: g.tls.verify, ca: g.tls.ca, minVersion: g.tls.minVersion } : undefined,
    connectMs: g.timeouts.connectMs,
    ...(parts.protocol ? { protocol: g.protocol } : {}),
    ...(parts.active && a
      ? { active: { type: a.type, path: a.path, intervalMs: a.intervalMs, rise: a.rise, fall: a.fall, expectStatus: a.expectStatus, grpcService: a.grpcService } }
      : {}),
    ...(parts.passive && p ? { passive: { maxFailures: p.maxFailures, failureWindowMs: p.failureWindowMs } } : {}),
  };
}

export function routeView(r: Route): Record<string, unknown> {
  return { pathPrefix: r.match.pathPrefix, path: r.match.path, host: r.match.host, upstream: r.upstream };
}

/** nginx keeps passive checking per server (max_fails/fail_timeout); uh keeps it per group. */
function memberPassive(g: UpstreamGroup): { maxFailures: number; failureWindowMs: number } | undefined {
  const p = g.targets[0]?.passive;
  return p ? { maxFailures: p.maxFails, failureWindowMs: p.failTimeoutMs } : undefined;
}
