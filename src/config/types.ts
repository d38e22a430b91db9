import type { GatewayConfig } from '../model/index.js';

export interface ParseOptions {
  /** Reads an included/referenced file; throws ConfigError(UH_CONFIG_UNREADABLE) when it cannot. */
  readonly readFile: (path: string) => string;
  /** Lists files matching a glob pattern (nginx `include *.conf`), sorted. */
  readonly glob: (pattern: string) => readonly string[];
  /** nginx: the prefix that relative include paths are resolved against (`nginx -p`). */
  readonly nginxPrefix?: string;
}

/** Every format's parser has this one signature; `config/index.ts` maps formats to parsers. */
export type Parser = (text: string, path: string, options: ParseOptions) => GatewayConfig;
