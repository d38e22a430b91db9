import { Option } from 'commander';
import { UsageError } from '../errors.js';
import type { ConfigFormat } from '../model/index.js';

/** Options every command that reads a config shares. */
export interface ConfigOptions {
  readonly configFormat?: ConfigFormat;
  readonly nginxPrefix?: string;
}

export function configFormatOption(): Option {
  return new Option('--config-format <format>', 'override format detection').choices(['nginx', 'envoy', 'uh', 'haproxy']);
}

export function nginxPrefixOption(): Option {
  return new Option('--nginx-prefix <dir>', 'nginx prefix for relative include paths (nginx -p)');
}

export function formatOption(choices: readonly string[], fallback: string): Option {
  return new Option('--format <format>', 'output format').choices([...choices]).default(fallback);
}

/** A factor in [min, max] (`--patience 3`, `--patience 1.5`), else a UsageError naming the flag. */
export function factorBetween(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`${name} takes a number from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

/** A whole number in [min, max], else a UsageError naming the flag and the range. */
export function intBetween(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} takes a whole number from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

/** commander argParser for positive integers, with a usage error naming the option. */
export function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} takes a whole number ≥ 1, got "${value}"`);
    return n;
  };
}
