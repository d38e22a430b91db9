/**
 * Which parser reads a file, decided from its CONTENT, never its name: an nginx file is often
 * called `default`, an Envoy file `config.json`. Top-level keys decide for JSON/YAML; a top-level
 * list of Envoy resources (as Envoy Gateway's translator and file-based xDS store them) or of admin
 * `/config_dump` entries is Envoy; directives ending in `;` or `{` (or one-line blocks) mean nginx.
 * A config of a gateway uh does not read is named as such (detect-foreign.ts). Reads at most the
 * first MiB, so detection is O(1) in file size.
 */
import { ConfigError } from '../errors.js';
import type { ConfigFormat } from '../model/gateway.js';
import { looksLikeHaproxy } from './haproxy/detect.js';
import { foreignEvidence } from './detect-foreign.js';

/** Envoy bootstrap (v2/v3) and xDS response keys; `cluster_manager`/`listeners` are v1 (the parser rejects v1). */
const ENVOY_KEYS = new Set(['static_resources', 'dynamic_resources', 'resources', 'clusters', 'node', 'layered_runtime', 'cluster_manager', 'listeners', 'overload_manager', 'stats_sinks']);
const UH_KEYS = new Set(['upstreams', 'routes', 'listen']);
/**
 * Keys of the Envoy resources a top-level list holds (Cluster, ClusterLoadAssignment, Listener,
 * RouteConfiguration, config-dump entries), in proto and in camelCase (proto3 JSON) spelling.
 */
const ENVOY_RESOURCE_KEY = /^[ \t\-[{,]*["']?(@type|connect_timeout|connectTimeout|load_assignment|loadAssignment|lb_policy|lbPolicy|cluster_name|clusterName|lb_endpoints|lbEndpoints|filter_chains|filterChains|virtual_hosts|virtualHosts|version_info|last_updated|lastUpdated)["']?[ \t]*:/m;
const SAMPLE_BYTES = 1 << 20;

export function detectFormat(text: string, path: string): ConfigFormat {
  const sample = text.length > SAMPLE_BYTES ? text.slice(0, SAMPLE_BYTES) : text;
  const keys = topLevelKeys(sample);
  if (keys.some((k) => ENVOY_KEYS.has(k))) return 'envoy';
  if (keys.some((k) => UH_KEYS.has(k))) return 'uh';
  // `admin` alone: Envoy's is a mapping, uh's an address.
  if (keys.includes('admin')) return /^["']?admin["']?\s*:\s*(\{|#|$)/m.test(sample) ? 'envoy' : 'uh';
  if (looksLikeHaproxy(sample)) return 'haproxy';
  if (isEnvoyResourceList(sample)) return 'envoy';
  const foreign = foreignEvidence(sample, keys);
  if (foreign) {
    throw new ConfigError(
      'UH_CONFIG_UNSUPPORTED',
      `this is ${foreign.what} (${foreign.why}); uh reads nginx, Envoy (v2/v3), HAProxy and uh YAML configs: describe the upstreams in uh YAML (\`uh schema\`, docs/config.md) to diagnose them`,
      { file: path, line: foreign.line, column: 1 },
    );
  }
  if (looksLikeNginx(sample)) return 'nginx';
  throw new ConfigError(
    'UH_CONFIG_UNSUPPORTED',
    `cannot tell the format of ${path}: it is not recognisably nginx (directives ending in ; or {), Envoy (static_resources, clusters, ...) uh YAML (upstreams, routes, listen) or HAProxy (frontend/backend/listen sections); pass --config-format nginx|envoy|uh|haproxy`,
  );
}

/** A YAML sequence or JSON array at the top whose items carry Envoy resource keys. */
function isEnvoyResourceList(sample: string): boolean {
  // The first character past blank and `#` comment lines, by a scan: the regex this replaces
  // (`(?:\s*(?:#…)?\n)*`, where `\s*` also takes newlines) backtracked exponentially on blank text.
  const first = sample.split('\n').map((line) => line.trim()).find((line) => line !== '' && !line.startsWith('#'))?.[0];
  return (first === '-' || first === '[') && ENVOY_RESOURCE_KEY.test(sample);
}

/** Keys at the top level of a JSON object or a block YAML mapping (column 0). */
function topLevelKeys(sample: string): string[] {
  const trimmed = sample.trimStart();
  if (trimmed.startsWith('{')) {
    const json = jsonKeys(trimmed);
    if (json) return json;
  }
  const keys: string[] = [];
  const keyLine = /^(?:"([^"]+)"|'([^']+)'|([A-Za-z_][\w.-]*))[ \t]*:(?:[ \t]|$)/gm;
  for (const m of sample.matchAll(keyLine)) keys.push(m[1] ?? m[2] ?? m[3]!);
  // Flow-style YAML / JSON that did not parse (truncated): look for quoted keys at depth 1.
  if (keys.length === 0 && trimmed.startsWith('{')) {
    for (const m of trimmed.matchAll(/^[ \t]*(?:\{[ \t]*)?"([A-Za-z_]+)"[ \t]*:/gm)) keys.push(m[1]!);
  }
  return keys;
}

function jsonKeys(text: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * At least one line that is a directive: a word, arguments, then `;` or `{` (comments aside); or a
 * one-line block (`upstream app { server 10.0.0.1:80; }`), which a file of blocks alone may hold.
 */
/** `name args… ;` or `name args… {` on one line, an optional comment after. */
const NGINX_DIRECTIVE_LINE = /^[ \t]*[A-Za-z_][\w.-]*(?:[ \t][^;{}\n]*)?[;{][ \t]*(?:#.*)?\r?$/m;
/** `name args… { … }` on one line (a file of one-line blocks). */
const NGINX_ONE_LINE_BLOCK = /^[ \t]*[A-Za-z_][\w.-]*(?:[ \t][^;{}\n]*)?\{[^\n]*\}[ \t]*(?:#.*)?\r?$/m;

function looksLikeNginx(sample: string): boolean {
  // Linear on any line: no quantified run may overlap its neighbour (`\s*` crossing into the next line
  // and `\s+…\s*` around the same blanks made a 60 KB line of letters and blanks take minutes).
  return NGINX_DIRECTIVE_LINE.test(sample) || NGINX_ONE_LINE_BLOCK.test(sample);
}
