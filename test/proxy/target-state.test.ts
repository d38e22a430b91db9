/**
 * A target's request counts change in one place, `countRequest`, and the in-flight count never
 * goes below zero: an end reported twice (a client abort racing the upstream's error) must not
 * make a busy target look idle to least_request and p2c.
 */
import { describe, expect, it } from 'vitest';
import { TargetState } from '../../src/proxy/target-state.js';
import { target } from './model.js';

describe('TargetState.countRequest', () => {
  it('counts a request in flight while it runs and in the total for good', () => {
    const t = new TargetState('app', target('127.0.0.1:8081'), 100);
    t.countRequest(1);
    t.countRequest(1);
    expect([t.active, t.requests]).toEqual([2, 2]);
    t.countRequest(-1);
    expect([t.active, t.requests]).toEqual([1, 2]);
  });

  it('never lets the in-flight count go below zero', () => {
    const t = new TargetState('app', target('127.0.0.1:8081'), 100);
    t.countRequest(1);
    t.countRequest(-1);
    t.countRequest(-1);
    expect(t.active).toBe(0);
    t.countRequest(1);
    expect(t.active).toBe(1);
  });

  it('keeps the total across a reload, not the in-flight count', () => {
    const before = new TargetState('app', target('127.0.0.1:8081'), 100);
    before.countRequest(1);
    const after = new TargetState('app', target('127.0.0.1:8081'), 100);
    after.adopt(before);
    expect([after.active, after.requests]).toEqual([0, 1]);
  });
});
