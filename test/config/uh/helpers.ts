import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseUh } from '../../../src/config/uh/index.js';
import type { ParseOptions } from '../../../src/config/types.js';
import type { GatewayConfig } from '../../../src/model/gateway.js';

export const UH_FIXTURES = fileURLToPath(new URL('../../fixtures/config/uh/', import.meta.url));

/** uh YAML has no includes: a parse that tries to read another file is a bug. */
export const NO_INCLUDES: ParseOptions = {
  readFile: (path) => {
    throw new Error(`uh parser read ${path}`);
  },
  glob: () => [],
};

/** Parse a fixture under the name `file` (so locations and messages do not depend on the checkout path). */
export function parseFixture(file: string): GatewayConfig {
  return parseUh(readFileSync(`${UH_FIXTURES}${file}`, 'utf8'), file, NO_INCLUDES);
}

export function parseText(text: string, file = 'uh.yaml'): GatewayConfig {
  return parseUh(text, file, NO_INCLUDES);
}
