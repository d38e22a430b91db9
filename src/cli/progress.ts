/**
 * A spinner on stderr while probes run — only on an interactive terminal that reports its width,
 * and never in CI, so stdout stays a clean document (`--format json`) and logs stay free of
 * control codes. ora divides by the terminal's width to count the lines it must clear: at 0
 * columns (some CI runners, `script`, minimal containers) that is Infinity and it wrote cursor
 * codes forever, deaf to Ctrl-C. So a 0-column terminal gets no spinner; one that shrinks to 0
 * columns stops it; and ora only ever sees a width of at least 1.
 */
import type { ProgressEvent } from '../probes/run.js';
import type { Interrupt } from './interrupt.js';

export interface Progress {
  readonly onProgress?: (event: ProgressEvent) => void;
  stop(): void;
}

/** Redraws at most this often: ora only repaints on its timer, whatever the rate of events. */
const REDRAW_MS = 120;

export function wantsProgress(env: NodeJS.ProcessEnv = process.env, stream: NodeJS.WriteStream = process.stderr): boolean {
  return Boolean(stream.isTTY) && !env.CI && (stream.columns ?? 0) > 0;
}

/** An ora spinner counting probed targets, or a no-op when progress is not wanted. */
export async function startProgress(enabled: boolean, label: string, interrupt?: Interrupt): Promise<Progress> {
  if (!enabled) return { stop: () => undefined };
  const { default: ora } = await import('ora');
  const stream = process.stderr;
  const spinner = ora({
    text: label,
    stream: atLeastOneColumn(stream),
    interval: REDRAW_MS,
    // Reading stdin in raw mode would turn Ctrl-C into a keystroke; the terminal should send SIGINT.
    discardStdin: false,
  }).start();
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    stream.off('resize', onResize);
    forget?.();
    spinner.stop(); // clears the line and shows the cursor again
  };
  const onResize = (): void => {
    if (!((stream.columns ?? 0) > 0)) stop();
  };
  stream.on('resize', onResize);
  const forget = interrupt?.onInterrupt(stop);
  return {
    onProgress: (e) => {
      if (!stopped) spinner.text = `${label} ${e.done}/${e.total} (${e.group} → ${e.address})`;
    },
    stop,
  };
}

/** The stream as ora sees it: the same stream, but a width of 0 (or none) reads as 1. */
function atLeastOneColumn(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'columns') return Math.max(1, target.columns || 1);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
