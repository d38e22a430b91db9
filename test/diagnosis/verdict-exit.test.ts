import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnosis/diagnose.js';
import type { Finding } from '../../src/diagnosis/types.js';
import { exitCodeFor } from '../../src/report/exit-code.js';
import { config, group, healthy, refused, run, target } from './builders.js';

const finding = (severity: Finding['severity'], ignored = false): Finding => ({
  rank: 1, cause: 'tcp-refused', layer: 'tcp', severity, confidence: 0.95, group: 'g', targets: [], evidence: [],
  remediation: '', runbook: 'runbooks/tcp-refused.md', ...(ignored ? { ignored } : {}),
});

describe('exit codes (contract §3)', () => {
  it('0 below the threshold, 1 at or above it; ignored findings never count', () => {
    expect(exitCodeFor([])).toBe(0);
    expect(exitCodeFor([finding('critical')])).toBe(1);
    expect(exitCodeFor([finding('warning')])).toBe(0);
    expect(exitCodeFor([finding('warning')], 'warning')).toBe(1);
    expect(exitCodeFor([finding('info')], 'warning')).toBe(0);
    expect(exitCodeFor([finding('info')], 'info')).toBe(1);
    expect(exitCodeFor([finding('critical', true)], 'info')).toBe(0);
  });
});

describe('verdicts', () => {
  it('healthy when every usable target passes; degraded when some fail; down members do not count', () => {
    const a = target('127.0.0.1:1');
    const b = target('127.0.0.1:2');
    const drained = target('127.0.0.1:3', { down: true });
    const g = group('g', [a, b, drained]);
    const allOk = diagnose(config([g]), [run(g, a, healthy()), run(g, b, healthy()), run(g, drained, refused(drained.address))], { offline: false });
    expect(allOk.groups[0]!.verdict).toBe('healthy');
    const oneBad = diagnose(config([g]), [run(g, a, healthy()), run(g, b, refused(b.address))], { offline: false });
    expect(oneBad.groups[0]!.verdict).toBe('degraded');
    expect(oneBad.verdict).toBe('degraded');
  });

  it('every member marked down is no healthy upstream even when the servers answer', () => {
    const a = target('127.0.0.1:1', { down: true });
    const g = group('g', [a]);
    const d = diagnose(config([g]), [run(g, a, healthy())], { offline: false });
    expect(d.groups[0]!.verdict).toBe('no-healthy-upstream');
    expect(d.findings[0]!.cause).toBe('config-all-members-down');
  });

  it('offline: groups are unknown, static findings still ranked', () => {
    const g = group('g', [target('127.0.0.1:1')], { health: {} });
    const d = diagnose(config([g]), [], { offline: true });
    expect(d).toMatchObject({ offline: true, verdict: 'healthy', groups: [{ verdict: 'unknown' }] });
    expect(d.findings.map((f) => f.cause)).toEqual(['config-no-health-check', 'config-single-member']);
  });
});
