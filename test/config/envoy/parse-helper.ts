/** Parse an inline Envoy document the way `uh diagnose envoy.yaml` would, named `envoy.yaml`. */
import { parseEnvoy } from '../../../src/config/envoy/index.js';
import { ConfigError } from '../../../src/errors.js';
import type { GatewayConfig, UpstreamGroup } from '../../../src/model/index.js';

const options = { readFile: (): string => '', glob: (): string[] => [] };

export function parse(text: string, file = 'envoy.yaml'): GatewayConfig {
  return parseEnvoy(text, file, options);
}

/** The only group of a one-cluster document. */
export function onlyGroup(text: string): UpstreamGroup {
  const groups = parse(text).groups;
  if (groups.length !== 1) throw new Error(`expected one group, got ${groups.length}`);
  return groups[0]!;
}

/** The ConfigError parsing `text` throws (fails the test when it parses or throws something else). */
export function parseError(text: string, file = 'envoy.yaml'): ConfigError {
  try {
    parse(text, file);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('the document parsed, but a ConfigError was expected');
}

/** A bootstrap with these cluster lines (YAML, indented by 4 under `- `). */
export function bootstrap(clusterYaml: string): string {
  return `static_resources:\n  clusters:\n${clusterYaml}`;
}
