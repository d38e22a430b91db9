/**
 * A spinner on stderr while probes run — only on an interactive terminal and never in CI, so
 * stdout stays a clean document (`--format json`) and logs stay free of control codes.
 */
import type { ProgressEvent } from '../probes/run.js';

export interface Progress {
  readonly onProgress?: (event: ProgressEvent) => void;
  stop(): void;
}

export function wantsProgress(env: NodeJS.ProcessEnv = process.env, stream: NodeJS.WriteStream = process.stderr): boolean {
  return Boolean(stream.isTTY) && !env.CI;
}

/** An ora spinner counting probed targets, or a no-op when progress is not wanted. */
export async function startProgress(enabled: boolean, label: string): Promise<Progress> {
  if (!enabled) return { stop: () => undefined };
  const { default: ora } = await import('ora');
  const spinner = ora({ text: label, stream: process.stderr }).start();
  return {
    onProgress: (e) => { spinner.text = `${label} ${e.done}/${e.total} (${e.group} → ${e.address})`; },
    stop: () => spinner.stop(),
  };
}
