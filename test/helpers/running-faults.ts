/**
 * Fault servers a test file starts, each closed after every test so no port outlives its test.
 */
import { afterEach } from 'vitest';
import type { RunningFault } from '../../src/demo/faults/types.js';

/** Start and track fault servers for closing; see closedAfterEach. */
export interface StartedFaults {
  /** Await a fault server, remember it for closing after the test, and hand it back. */
  start(fault: Promise<RunningFault>): Promise<RunningFault>;
  /** Forget the faults started so far: the test closed them itself. */
  forget(): void;
}

/** Register an afterEach that closes every fault started (and not forgotten) during the test. */
export function closedAfterEach(): StartedFaults {
  let faults: RunningFault[] = [];
  afterEach(async () => {
    await Promise.all(faults.map((f) => f.close()));
    faults = [];
  });
  return {
    async start(fault) {
      const running = await fault;
      faults.push(running);
      return running;
    },
    forget() {
      faults = [];
    },
  };
}
