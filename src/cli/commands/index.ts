import type { Command } from 'commander';
import { defineExplain } from './explain.js';

/**
 * Every subcommand. Each file declares its options and lazily imports its implementation, so
 * `uh --help` loads neither probes nor the proxy.
 */
export type CommandDefinition = (program: Command) => void;

export const COMMANDS: readonly CommandDefinition[] = [
  defineExplain,
];
