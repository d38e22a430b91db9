/**
 * Builders for probe tests: a ProbeContext that never touches the system resolver (an empty
 * hosts file and a resolver address that must be overridden before DNS is used), and a
 * ProbeTarget for one loopback endpoint with a minimal, literal UpstreamGroup.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ProbeContext, ProbeTarget } from '../../src/probes/types.js';
import type { Target, TlsSettings, UpstreamGroup } from '../../src/model/index.js';

/** A fresh temp file with these /etc/hosts lines (default: empty), so tests never read the real one. */
export function hostsFile(lines: readonly string[] = []): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'uh-hosts-'));
  const file = path.join(dir, 'hosts');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/**
 * A context with generous budgets for a loaded CI box. `resolvers` defaults to a loopback port
 * where nothing answers: a test that forgets to pass its DNS server sees a timeout, never the
 * system resolver's answer.
 */
export function probeContext(overrides: Partial<ProbeContext> = {}): ProbeContext {
  return {
    signal: new AbortController().signal,
    timeoutMs: 5000,
    resolvers: [{ host: '127.0.0.1', port: 9 }],
    hostsFile: overrides.hostsFile ?? hostsFile(),
    samples: 1,
    expiringWithinDays: 14,
    now: () => Date.now(),
    ...overrides,
  };
}

const LOC = { file: 'test.yaml', line: 1, column: 1 };

/** Only the TLS fields a test cares about; the rest default to the uh YAML defaults. */
export function tlsSettings(overrides: Partial<TlsSettings> = {}): TlsSettings {
  return { autoSni: true, verify: true, subjectAltNames: [], alpn: [], declared: {}, loc: LOC, ...overrides };
}

export interface TargetSpec {
  /** Host name as the config writes it (default: the ip). */
  readonly host?: string;
  readonly ip?: string;
  readonly port?: number;
  readonly socketPath?: string;
  readonly tls?: TlsSettings;
  readonly connectMs?: number;
  readonly group?: Partial<UpstreamGroup>;
}

/** One ProbeTarget in a one-member group, as a parser would produce it. */
export function probeTarget(spec: TargetSpec): ProbeTarget {
  const host = spec.host ?? spec.socketPath ?? spec.ip ?? '127.0.0.1';
  const address = spec.socketPath !== undefined ? `unix:${spec.socketPath}` : `${host.includes(':') ? `[${host}]` : host}:${spec.port ?? 80}`;
  const target: Target = {
    address, host, port: spec.port, socket: spec.socketPath !== undefined ? 'unix' : 'inet',
    backup: false, down: false, resolve: false, flags: [], params: {}, loc: LOC,
  };
  const group: UpstreamGroup = {
    name: 'test', source: 'uh', discovery: 'static', targets: [target], protocol: 'http1',
    health: {}, balance: 'round_robin', timeouts: spec.connectMs === undefined ? {} : { connectMs: spec.connectMs },
    onAllUnhealthy: 'fail_closed', explain: 'full', resolvers: [], params: {}, loc: LOC,
    ...(spec.tls ? { tls: spec.tls } : {}),
    ...spec.group,
  };
  return {
    group, target, host,
    ...(spec.ip !== undefined ? { ip: spec.ip } : {}),
    ...(spec.port !== undefined ? { port: spec.port } : {}),
    ...(spec.socketPath !== undefined ? { socketPath: spec.socketPath } : {}),
  };
}
