import { describe, expect, it } from 'vitest';
import { SessionTable } from '../../src/proxy/sticky.js';

describe('session table (sticky: learn)', () => {
  it('learns a header id from a response and forgets it after the idle TTL', () => {
    const table = new SessionTable({ learn: 'Mcp-Session-Id', ttlMs: 1000 });
    table.learn(['Content-Type', 'text/event-stream', 'mcp-session-id', 's-1'], '10.0.0.1:80', 0);
    expect(table.sessionOf({ 'mcp-session-id': 's-1' })).toBe('s-1');
    expect(table.lookup('s-1', 900)).toBe('10.0.0.1:80');
    expect(table.lookup('s-1', 1800)).toBe('10.0.0.1:80');
    expect(table.lookup('s-1', 2801)).toBeUndefined();
    expect(table.size).toBe(0);
  });

  it('learns a cookie from Set-Cookie and reads it back from Cookie', () => {
    const table = new SessionTable({ learn: 'cookie:SID', ttlMs: 60_000 });
    table.learn(['Set-Cookie', 'theme=dark; Path=/', 'Set-Cookie', 'SID=abc123; Path=/; HttpOnly'], '10.0.0.2:80', 0);
    expect(table.sessionOf({ cookie: 'theme=dark; SID=abc123' })).toBe('abc123');
    expect(table.lookup('abc123', 10)).toBe('10.0.0.2:80');
    expect(table.lookup('dark', 10)).toBeUndefined();
  });
});

