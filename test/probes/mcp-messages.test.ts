/** Reading JSON-RPC answers out of JSON bodies and SSE streams, as MCP servers send them. */
import { describe, expect, it } from 'vitest';
import { findResponse, isVersionError, parseSse } from '../../src/probes/mcp-messages.js';

describe('parseSse', () => {
  it('splits events, joins multi-line data, ignores comments and an unfinished tail', () => {
    const text = ': keep-alive\n\nevent: endpoint\ndata: /messages?sessionId=1\n\ndata: {"a":\ndata: 1}\n\nevent: message\ndata: partial';
    expect(parseSse(text)).toEqual([
      { event: 'endpoint', data: '/messages?sessionId=1' },
      { event: 'message', data: '{"a":\n1}' },
    ]);
  });

  it('accepts CRLF line endings', () => {
    expect(parseSse('event: message\r\ndata: x\r\n\r\n')).toEqual([{ event: 'message', data: 'x' }]);
  });
});

describe('findResponse', () => {
  it('finds the response with our id in an SSE stream that also carries notifications', () => {
    const stream = 'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{}}\n\n'
      + 'event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18"}}\n\n';
    expect(findResponse(stream, 'text/event-stream', 1)?.result).toEqual({ protocolVersion: '2025-06-18' });
  });

  it('rejects what is not JSON-RPC 2.0', () => {
    expect(findResponse('{"id":1,"result":{}}', 'application/json', 1)).toBeUndefined();
    expect(findResponse('<html></html>', 'text/html', 1)).toBeUndefined();
    expect(findResponse('{"jsonrpc":"2.0","id":2,"result":{}}', 'application/json', 1)).toBeUndefined();
  });

  it('tells a protocol-version error from other errors', () => {
    expect(isVersionError({ code: -32602, message: 'Unsupported protocol version', data: { supported: ['2025-06-18'] } })).toBe(true);
    expect(isVersionError({ code: -32601, message: 'Method not found' })).toBe(false);
  });
});
