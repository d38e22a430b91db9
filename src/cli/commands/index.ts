import type { Command } from 'commander';
import { defineDemo } from './demo.js';
import { defineDiagnose } from './diagnose.js';
import { defineExplain } from './explain.js';
import { defineCompletion } from './completion.js';
import { defineExport } from './export.js';
import { defineConvert } from './convert.js';
import { defineLint } from './lint.js';
import { defineInspect } from './inspect.js';
import { defineSchema } from './schema.js';
import { defineServe } from './serve.js';

/**
 * Every subcommand. Each file declares its options and lazily imports its implementation, so
 * `uh --help` loads neither probes nor the proxy.
 */
export type CommandDefinition = (program: Command) => void;

export const COMMANDS: readonly CommandDefinition[] = [
  defineExplain,
  defineExport,
  defineConvert,
  defineCompletion,
  defineDiagnose,
  defineLint,
  defineDemo,
  defineInspect,
  defineSchema,
  defineServe,
];
