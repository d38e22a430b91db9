/**
 * Which Envoy API generation a document is written for. v1 (JSON, `cluster_manager.clusters`,
 * `hosts: [{url: "tcp://..."}]`) was removed in Envoy 1.5-1.8 and has a different shape: uh does
 * not read it. v2 (removed in Envoy 1.18) is close enough to v3 that clusters read the same; we
 * recognise it to say so, from `envoy.api.v2.*` / `envoy.config.*.v2.*` types, untyped filter
 * `config`, `deprecated_v1` filter configs or the cluster-level `hosts` / `tls_context` fields.
 */
import type { SourceLocation } from '../../model/index.js';
import { field } from './fields.js';
import type { YNode } from './yaml-source.js';

export interface DetectedVersion {
  readonly version: 'v1' | 'v2' | 'v3';
  /** What gave it away, for messages. */
  readonly evidence?: string;
  readonly loc?: SourceLocation;
}

/** Bound on the walk: a config is large, never unbounded. */
const MAX_NODES = 1_000_000;

function v1Evidence(root: YNode): DetectedVersion | undefined {
  const clusters = field(field(root, 'cluster_manager'), 'clusters');
  if (clusters) return { version: 'v1', evidence: 'cluster_manager.clusters', loc: clusters.loc };
  const listeners = field(root, 'listeners');
  if (listeners?.kind === 'seq') {
    const address = field(listeners.items[0], 'address');
    if (address?.kind === 'scalar' && typeof address.value === 'string' && address.value.includes('://')) {
      return { version: 'v1', evidence: 'listeners[].address URL', loc: address.loc };
    }
  }
  return undefined;
}

function v2Evidence(node: YNode, parentKey: string, budget: { left: number }): DetectedVersion | undefined {
  if (--budget.left < 0) return undefined;
  if (node.kind === 'scalar') {
    if (parentKey === '@type' && typeof node.value === 'string' && /envoy\.(api\.v2\.|config\.[\w.]+\.v2\.)/.test(node.value)) {
      return { version: 'v2', evidence: `type ${node.value.slice(node.value.lastIndexOf('/') + 1)}`, loc: node.loc };
    }
    return undefined;
  }
  if (node.kind === 'seq') {
    for (const item of node.items) {
      const found = v2Evidence(item, parentKey, budget);
      if (found) return found;
    }
    return undefined;
  }
  for (const entry of node.entries) {
    if (entry.key === 'deprecated_v1') return { version: 'v2', evidence: 'deprecated_v1 filter config', loc: entry.keyLoc };
    if (entry.key === 'config' && entry.value.kind === 'map' && field(node, 'name') && !field(node, '@type')) {
      return { version: 'v2', evidence: 'untyped filter config', loc: entry.keyLoc };
    }
    if (entry.key === 'hosts' && parentKey === 'clusters' && entry.value.kind === 'seq') {
      return { version: 'v2', evidence: 'cluster hosts field', loc: entry.keyLoc };
    }
    if (entry.key === 'tls_context' && parentKey === 'clusters') {
      return { version: 'v2', evidence: 'cluster tls_context field', loc: entry.keyLoc };
    }
    const found = v2Evidence(entry.value, entry.key, budget);
    if (found) return found;
  }
  return undefined;
}

export function detectVersion(root: YNode): DetectedVersion {
  return v1Evidence(root) ?? v2Evidence(root, '', { left: MAX_NODES }) ?? { version: 'v3' };
}
