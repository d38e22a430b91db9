/**
 * Ctrl-C and SIGTERM while a command waits on the network (diagnose probing, demo): stop at once —
 * abort what runs, run the cleanups (spinner and cursor, temp dirs), exit 130 or 143 (128 + the
 * signal number, what a shell reports for a process the signal ended). Cleanups are synchronous,
 * so nothing can hold the exit up. Listening only while the command is in its asynchronous part is
 * deliberate: during synchronous work (reading a config) no handler could run, and the signal's
 * default action ends the process right away, which shells report the same way.
 */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

export interface Interrupt {
  /** Aborted when a signal arrives, before the cleanups run. */
  readonly signal: AbortSignal;
  /** Run `cleanup` if a signal arrives (latest registered first); returns a function that forgets it. */
  onInterrupt(cleanup: () => void): () => void;
  /** Stop listening: the command finished on its own. */
  dispose(): void;
}

/** The cleanups of every interrupt still listening, for an exit that is not a signal (a closed pipe). */
const pending = new Set<() => void>();

/** Run every pending cleanup (latest first), then exit with `code`. */
export function exitAfterCleanup(code: number, exit: (code: number) => void = (c) => process.exit(c)): void {
  for (const cleanup of [...pending].reverse()) {
    pending.delete(cleanup);
    try {
      cleanup();
    } catch {
      // one failed cleanup must not keep the others (or the exit) from running
    }
  }
  exit(code);
}

export function listenForInterrupt(exit: (code: number) => void = (code) => process.exit(code)): Interrupt {
  const controller = new AbortController();
  const cleanups = new Set<() => void>();
  const handle = (name: HandledSignal): void => {
    stopListening(); // a second Ctrl-C during cleanup gets the default action: the process ends at once
    controller.abort(new Error(`interrupted by ${name}`));
    exitAfterCleanup(SIGNAL_EXIT_CODES[name], exit);
  };
  const onSigint = (): void => handle('SIGINT');
  const onSigterm = (): void => handle('SIGTERM');
  const stopListening = (): void => {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  };
  const dispose = (): void => {
    stopListening();
    for (const cleanup of cleanups) pending.delete(cleanup);
    cleanups.clear();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  return {
    signal: controller.signal,
    onInterrupt: (cleanup) => {
      cleanups.add(cleanup);
      pending.add(cleanup);
      return () => {
        cleanups.delete(cleanup);
        pending.delete(cleanup);
      };
    },
    dispose,
  };
}
