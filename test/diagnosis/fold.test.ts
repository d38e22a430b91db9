/**
 * The fold decides what is a symptom of the root cause from data the orchestrator writes
 * (`blockedBy`), never from a skip's wording: rewording a message must not change a diagnosis.
 */
import { describe, expect, it } from 'vitest';
import { foldTarget } from '../../src/diagnosis/fold.js';
import { blockedSkip, skipped } from '../../src/probes/types.js';
import { group, result, run, target } from './builders.js';

const t = target('127.0.0.1:9001');
const g = group('users', [t]);
const refusedTcp = result('tcp', 'fail', 'connect ECONNREFUSED 127.0.0.1:9001', { cause: 'tcp-refused', evidence: ['connect ECONNREFUSED 127.0.0.1:9001 after 0.4 ms'] });

describe('fold: later layers a failure stopped', () => {
  it('folds a skip by the blocker it names, whatever its message says', () => {
    const reworded = { ...blockedSkip('http', { probe: 'tcp', code: 'ECONNREFUSED' }), message: 'skip: not attempted (the connect was refused)' };
    const [root] = foldTarget(run(g, t, [refusedTcp, reworded]));
    expect(root).toMatchObject({ cause: 'tcp-refused', symptoms: ['http check skipped: tcp failed: ECONNREFUSED'] });
  });

  it('does not fold a skip whose reason merely contains "failed:"', () => {
    const crashed = skipped('h2', 'the h2 probe crashed: read failed: EBADF');
    const [root] = foldTarget(run(g, t, [refusedTcp, crashed]));
    expect(root!.cause).toBe('tcp-refused');
    expect(root!.symptoms).toBeUndefined();
  });

  it('groups the skips of one blocker on one line', () => {
    const by = { probe: 'tcp', code: 'ECONNREFUSED' } as const;
    const [root] = foldTarget(run(g, t, [refusedTcp, blockedSkip('tls', by), blockedSkip('http', by), blockedSkip('h2', by)]));
    expect(root!.symptoms).toEqual(['tls, http, h2 checks skipped: tcp failed: ECONNREFUSED']);
  });
});
