import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

/**
 * Where uh serve writes: one JSON line per request (access log: stdout | off | a file path) and
 * one per target state change or operational event (stderr). Never one line per probe.
 */
export interface ProxyLog {
  /** False when access_log is off: callers skip building the line at all. */
  readonly accessEnabled: boolean;
  access(line: Record<string, unknown>): void;
  event(line: Record<string, unknown>): void;
  close(): Promise<void>;
}

/** Build the log from `access_log` (default `stdout`) with events on `events` (default stderr). */
export function createLog(accessLog: string | undefined, events: Writable = process.stderr): ProxyLog {
  const setting = accessLog ?? 'stdout';
  const out: Writable | undefined =
    setting === 'off' ? undefined : setting === 'stdout' ? process.stdout : createWriteStream(setting, { flags: 'a' });
  const owned = out !== undefined && out !== process.stdout;
  return {
    accessEnabled: out !== undefined,
    access(line) {
      out?.write(`${JSON.stringify({ time: new Date().toISOString(), ...line })}\n`);
    },
    event(line) {
      events.write(`${JSON.stringify({ time: new Date().toISOString(), ...line })}\n`);
    },
    close() {
      return new Promise((resolve) => (owned ? out.end(resolve) : resolve()));
    },
  };
}

/** A log that keeps lines in memory (tests and embedding); `onAccess` sees each request line as it is written. */
export function memoryLog(
  onAccess?: (line: Record<string, unknown>) => void,
): ProxyLog & { readonly lines: Record<string, unknown>[]; readonly events: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  return {
    accessEnabled: true,
    lines,
    events,
    access: (line) => {
      lines.push(line);
      onAccess?.(line);
    },
    event: (line) => void events.push(line),
    close: async () => undefined,
  };
}
