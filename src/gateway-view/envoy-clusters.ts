/**
 * Envoy admin `/clusters`: the JSON form (`?format=json`, admin.v3.Clusters) and the text form
 * (`cluster::host:port::key::value`; IPv6 hosts are `[::1]:80`, so the address is read as a unit,
 * never split on `::`). Stat values may be strings (proto3 JSON uint64) or numbers.
 */
import { flagsFromJson, readFlagList, readHealthFlags } from './envoy-flags.js';
import type { GatewayTargetView } from './types.js';

export const MAX_HOSTS = 100_000;

export interface EnvoyClusters {
  readonly hosts: readonly GatewayTargetView[];
  /** Every cluster named, even with no host (zero members is a finding). */
  readonly clusters: readonly string[];
}

interface JsonAddress { socket_address?: { address?: string; port_value?: number | string }; pipe?: { path?: string } }
interface JsonHost { address?: JsonAddress; health_status?: Record<string, unknown>; hostname?: string }
interface JsonCluster { name?: string; host_statuses?: JsonHost[] }

function addressOf(a: JsonAddress | undefined): string {
  if (a?.pipe?.path) return `unix:${a.pipe.path}`;
  const host = a?.socket_address?.address ?? '';
  const port = a?.socket_address?.port_value;
  if (host === '') return '';
  return `${host.includes(':') ? `[${host}]` : host}:${port ?? ''}`;
}

export function readClustersJson(text: string): EnvoyClusters | undefined {
  let doc: { cluster_statuses?: JsonCluster[] };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.cluster_statuses)) return undefined;
  const hosts: GatewayTargetView[] = [];
  const clusters: string[] = [];
  for (const cluster of doc.cluster_statuses) {
    const name = String(cluster.name ?? '');
    clusters.push(name);
    for (const host of cluster.host_statuses ?? []) {
      if (hosts.length >= MAX_HOSTS) break;
      hosts.push(hostView(name, addressOf(host.address), readFlagList(flagsFromJson(host.health_status))));
    }
  }
  return { hosts, clusters };
}

const HOST_LINE = /^(.+?)::(\[[0-9a-fA-F:.%]+\]:\d+|unix:[^:]+|[^:\s[]+:\d+)::([a-z_]+)::(.*)$/;
const CLUSTER_LINE = /^(.+?)::(observability_name|added_via_api|eds_service_name|default_priority|high_priority|outlier)::/;

export function readClustersText(text: string): EnvoyClusters | undefined {
  const flags = new Map<string, { cluster: string; address: string; flags: string }>();
  const clusters = new Set<string>();
  let recognised = 0;
  for (const line of text.split('\n').slice(0, MAX_HOSTS * 40)) {
    const host = HOST_LINE.exec(line);
    if (host) {
      recognised += 1;
      clusters.add(host[1]!);
      const key = `${host[1]}\u0000${host[2]}`;
      if (!flags.has(key)) flags.set(key, { cluster: host[1]!, address: host[2]!, flags: '' });
      if (host[3] === 'health_flags') flags.get(key)!.flags = host[4]!;
      continue;
    }
    const cluster = CLUSTER_LINE.exec(line);
    if (cluster) {
      recognised += 1;
      clusters.add(cluster[1]!);
    }
  }
  if (recognised === 0) return undefined;
  return { hosts: [...flags.values()].map((h) => hostView(h.cluster, h.address, readHealthFlags(h.flags))), clusters: [...clusters] };
}

function hostView(cluster: string, address: string, reading: ReturnType<typeof readFlagList>): GatewayTargetView {
  return {
    source: 'envoy-admin', group: cluster, address, state: reading.state, flags: reading.flags, detail: reading.detail,
    ...(reading.kind ? { kind: reading.kind } : {}), ...(reading.cause ? { cause: reading.cause } : {}),
  };
}
