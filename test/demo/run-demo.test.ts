import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/diagnosis/types.js';
import { runDemo } from '../../src/demo/run-demo.js';

/** The first finding of a group that is not an accepted risk: what the demo says is wrong there. */
const topCause = (d: Diagnosis, group: string): string | undefined => d.findings.find((f) => f.group === group && !f.ignored)?.cause;

function connects(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = net.connect({ host: host!, port: Number(port) });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

describe('uh demo', () => {
  it('starts real faulty upstreams, diagnoses each group as the story says, and cleans everything up', async () => {
    const out: string[] = [];
    const notes: string[] = [];
    const { diagnosis, configPath } = await runDemo({
      format: 'table', color: false, version: 'test', width: 120,
      write: (text) => out.push(text), note: (text) => notes.push(text),
    });

    expect(Object.fromEntries(diagnosis.groups.map((g) => [g.name, g.verdict]))).toEqual({
      users: 'no-healthy-upstream', payments: 'no-healthy-upstream', search: 'degraded',
      orders: 'no-healthy-upstream', inventory: 'no-healthy-upstream', cart: 'healthy',
    });
    expect(topCause(diagnosis, 'users')).toBe('tcp-refused');
    expect(diagnosis.findings.find((f) => f.group === 'users' && f.cause === 'health-timeout')).toBeDefined();
    expect(topCause(diagnosis, 'payments')).toBe('tls-cert-expired');
    expect(topCause(diagnosis, 'search')).toBe('health-path-not-found');
    expect(topCause(diagnosis, 'orders')).toBe('health-status-mismatch');
    expect(diagnosis.findings.find((f) => f.group === 'orders')!.evidence.join('\n')).toContain('database');
    expect(topCause(diagnosis, 'inventory')).toBe('protocol-http1-to-h2-only');
    expect(topCause(diagnosis, 'cart')).toBe('upstream-flapping');
    expect(diagnosis.findings.filter((f) => f.ignored).map((f) => f.cause)).toEqual(Array(4).fill('config-single-member'));

    const text = out.join('');
    expect(notes.join('')).toContain('uh demo: started 8 upstreams');
    expect(text).toContain('no healthy upstream for `users`: 1/2 target(s) refuse connections, 1/2 target(s) accept but never answer');
    expect(text).toContain('`search` is degraded');

    // Cleanup: the temp dir is gone and no demo server still listens.
    expect(existsSync(path.dirname(configPath))).toBe(false);
    const served = diagnosis.groups.flatMap((g) => g.targets.map((t) => t.address));
    expect(await Promise.all(served.map(connects))).toEqual(served.map(() => false));
  });

  it('--format json writes one JSON document and sends the header elsewhere', async () => {
    const out: string[] = [];
    await runDemo({ format: 'json', color: false, version: 'test', write: (t) => out.push(t), note: () => undefined });
    const doc = JSON.parse(out.join('')) as { schemaVersion: number; groups: unknown[] };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.groups).toHaveLength(6);
  });
});
