import { describe, expect, it } from 'vitest';
import { startProgress, wantsProgress } from '../../src/cli/progress.js';

const stream = (isTTY: boolean, columns = 80) => ({ isTTY, columns }) as NodeJS.WriteStream;

describe('uh diagnose progress', () => {
  it('shows a spinner only on an interactive stderr outside CI', () => {
    expect(wantsProgress({}, stream(true))).toBe(true);
    expect(wantsProgress({ CI: 'true' }, stream(true))).toBe(false);
    expect(wantsProgress({}, stream(false))).toBe(false);
  });

  it('never on a terminal that reports 0 columns (ora would count Infinity lines to clear)', () => {
    expect(wantsProgress({}, stream(true, 0))).toBe(false);
  });

  it('without a spinner, progress is a no-op that can still be stopped', async () => {
    const progress = await startProgress(false, 'probing');
    expect(progress.onProgress).toBeUndefined();
    expect(() => progress.stop()).not.toThrow();
  });
});
