import { writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** Write generated text to `--output` (a usage error naming the file when it cannot), else stdout. */
export function writeResult(text: string, output: string | undefined): void {
  if (output === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(output, text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new UsageError(`cannot write ${output}: ${why}`);
  }
}
