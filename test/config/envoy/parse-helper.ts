/** Parse an inline Envoy document the way `uh diagnose envoy.yaml` would, named `envoy.yaml`. */
import { parseEnvoy } from '../../../src/config/envoy/index.js';
import { ConfigError } from '../../../src/errors.js';
import type { GatewayConfig, UpstreamGroup } from '../../../src/model/index.js';
import type { ParseOptions } from '../../../src/config/types.js';

/** Parse options over an in-memory file system: a missing file is unreadable, as on disk. */
export function memoryFiles(files: Readonly<Record<string, string>> = {}): ParseOptions {
  return {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new ConfigError('UH_CONFIG_UNREADABLE', `cannot read ${path}: no such file`);
      return text;
    },
    glob: () => [],
  };
}

export function parse(text: string, file = 'envoy.yaml', files: Readonly<Record<string, string>> = {}): GatewayConfig {
  return parseEnvoy(text, file, memoryFiles(files));
}

/** The only group of a one-cluster document. */
export function onlyGroup(text: string): UpstreamGroup {
  const groups = parse(text).groups;
  if (groups.length !== 1) throw new Error(`expected one group, got ${groups.length}`);
  return groups[0]!;
}

/** The ConfigError parsing `text` throws (fails the test when it parses or throws something else). */
export function parseError(text: string, file = 'envoy.yaml', files: Readonly<Record<string, string>> = {}): ConfigError {
  try {
    parse(text, file, files);
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
