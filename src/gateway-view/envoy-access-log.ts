/**
 * Envoy access logs, by response flag: the default text format (`[START_TIME] "METHOD PATH PROTO"
 * CODE FLAGS … "UPSTREAM_HOST"`) and JSON lines (`response_flags`, `upstream_host`,
 * `upstream_cluster`, `start_time`). Flags per Envoy's access-log docs: UH no healthy upstream, UF
 * upstream connection failure, URX retry limit exceeded, UO overflow (circuit breaker), NR no route,
 * NC no cluster, UT upstream request timeout, UC upstream connection termination, UR upstream reset,
 * LH local health check failed, DC downstream termination, UPE upstream protocol error, DF DNS failure.
 */
import type { CauseId } from '../causes/catalog.js';
import { readTail } from './bounded-io.js';
import { EventTally, logLines } from './log-window.js';
import type { EventCount, GatewayCheckLayer, GatewayGroupView, GatewayTargetView, GatewayViewSource } from './types.js';
import { skippedView } from './types.js';

interface FlagMeaning {
  readonly meaning: string;
  /** What the flag says about the upstream host, when it is about a host. */
  readonly host?: { readonly layer?: GatewayCheckLayer; readonly cause?: CauseId };
  /** About the cluster: no healthy host, or the gateway's own limit. */
  readonly cluster?: 'none-healthy' | 'overflow' | 'no-route';
}

export const ENVOY_RESPONSE_FLAGS: Readonly<Record<string, FlagMeaning>> = {
  UH: { meaning: 'no healthy upstream host', cluster: 'none-healthy' },
  UF: { meaning: 'upstream connection failure', host: { layer: 'tcp' } },
  URX: { meaning: 'upstream retry limit exceeded', host: {} },
  UO: { meaning: 'upstream overflow (circuit breaker)', cluster: 'overflow' },
  NR: { meaning: 'no route configured', cluster: 'no-route' },
  NC: { meaning: 'no cluster found for the route', cluster: 'no-route' },
  UT: { meaning: 'upstream request timeout', host: { layer: 'http', cause: 'health-timeout' } },
  UC: { meaning: 'upstream connection termination', host: { layer: 'tcp', cause: 'tcp-reset' } },
  UR: { meaning: 'upstream remote reset', host: { layer: 'tcp', cause: 'tcp-reset' } },
  UPE: { meaning: 'upstream protocol error', host: { layer: 'http', cause: 'protocol-not-http' } },
  LH: { meaning: 'local service failed its health check', host: {} },
  DF: { meaning: 'DNS resolution failed', host: { cause: 'dns-resolver-unreachable' } },
  DC: { meaning: 'downstream (client) connection termination' },
};

const TEXT_LINE = /^\[([^\]]+)\] "[^"]*" (\d{3}|0) (\S+) .*"([^"]*)"\s*$/;

interface Entry { readonly at: number; readonly flags: string[]; readonly host: string; readonly cluster: string; readonly status: number }

function parseLine(line: string): Entry | undefined {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    try {
      const doc = JSON.parse(trimmed) as Record<string, unknown>;
      if (doc['response_flags'] === undefined && doc['upstream_host'] === undefined) return undefined;
      return {
        at: Date.parse(String(doc['start_time'] ?? doc['timestamp'] ?? '')),
        flags: String(doc['response_flags'] ?? '-').split(',').filter((f) => f !== '-' && f !== ''),
        host: String(doc['upstream_host'] ?? '-').replace(/^tcp:\/\//, ''),
        cluster: String(doc['upstream_cluster'] ?? '-'),
        status: Number(doc['response_code'] ?? 0),
      };
    } catch {
      return undefined;
    }
  }
  const m = TEXT_LINE.exec(trimmed);
  if (!m) return undefined;
  return {
    at: Date.parse(m[1]!), flags: m[3]!.split(',').filter((f) => f !== '-'), host: m[4]!.replace(/^tcp:\/\//, ''), cluster: '-', status: Number(m[2]),
  };
}

export function looksLikeEnvoyAccessLog(text: string): boolean {
  return logLines(text).slice(-50).some((l) => parseLine(l) !== undefined);
}

export const envoyAccessLogSource: GatewayViewSource = async (file, ctx) => {
  const tail = await readTail(file, ctx);
  if (!tail.ok) return skippedView('envoy-access-log', file, `cannot read the log: ${tail.reason}`);
  const hosts = new EventTally<{ host: string; cluster: string; flag: string }>();
  const clusters = new EventTally<{ cluster: string; flag: string }>();
  for (const line of logLines(tail.text)) {
    const entry = parseLine(line);
    if (!entry || !Number.isFinite(entry.at) || entry.at < ctx.sinceMs) continue;
    for (const flag of entry.flags) {
      const meaning = ENVOY_RESPONSE_FLAGS[flag];
      if (meaning?.cluster || !meaning) clusters.add(`${entry.cluster}\u0000${flag}`, { cluster: entry.cluster, flag }, entry.at);
      if (meaning?.host && entry.host !== '-' && entry.host !== '') hosts.add(`${entry.host}\u0000${entry.cluster}\u0000${flag}`, { host: entry.host, cluster: entry.cluster, flag }, entry.at);
    }
  }
  const targets: GatewayTargetView[] = hosts.entries().map(({ key, events }) => {
    const meaning = ENVOY_RESPONSE_FLAGS[key.flag]!;
    return {
      source: 'envoy-access-log', group: key.cluster === '-' ? '' : key.cluster, address: key.host, state: 'unhealthy', flags: [key.flag],
      detail: `${key.flag} (${meaning.meaning})`, kind: 'traffic', events,
      ...(meaning.host?.cause ? { cause: meaning.host.cause } : {}), ...(meaning.host?.layer ? { checkLayer: meaning.host.layer } : {}),
    };
  });
  const byCluster = new Map<string, { noneHealthy?: EventCount; overflow: string[]; other: string[] }>();
  for (const { key, events } of clusters.entries()) {
    const name = key.cluster === '-' ? '' : key.cluster;
    const entry = byCluster.get(name) ?? { overflow: [], other: [] };
    const meaning = ENVOY_RESPONSE_FLAGS[key.flag];
    const words = `${key.flag} (${meaning?.meaning ?? 'a flag uh does not know'}) ${events.count}× in the log`;
    if (meaning?.cluster === 'none-healthy') entry.noneHealthy = events;
    else if (meaning?.cluster === 'overflow') entry.overflow.push(words);
    else entry.other.push(words);
    byCluster.set(name, entry);
  }
  const groups: GatewayGroupView[] = [...byCluster].map(([name, e]) => ({
    source: 'envoy-access-log', name, panic: false, overflow: e.overflow, ...(e.noneHealthy ? { noneHealthy: e.noneHealthy } : {}),
  }));
  const other = [...byCluster.values()].flatMap((e) => e.other);
  return { source: 'envoy-access-log', endpoint: file, outcome: 'read', groups, targets, notes: other.length > 0 ? [`also in the log: ${other.join('; ')}`] : [] };
};
