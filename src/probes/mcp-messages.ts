/**
 * Reading MCP answers: a JSON-RPC 2.0 message from a JSON body or from a Server-Sent Events
 * stream (WHATWG HTML "Server-sent events": events separated by a blank line, `event:` and
 * `data:` fields, multi-line data joined by `\n`).
 */

/** Protocol revisions uh speaks, newest first (the @modelcontextprotocol/sdk list at the time of writing). */
export const MCP_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;

export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/** Complete events in `text` (an unterminated last event is left out). Bounded to 100 events. */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  const blocks = text.replace(/\r\n?/g, '\n').split('\n\n');
  blocks.pop(); // the part after the last blank line is incomplete
  for (const block of blocks.slice(0, 100)) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return events;
}

export interface JsonRpcResponse {
  readonly id?: unknown;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly code?: number; readonly message?: string; readonly data?: unknown };
}

/** A JSON-RPC response (result or error) from a parsed value, or undefined when it is not one. */
export function asJsonRpcResponse(value: unknown): JsonRpcResponse | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (v.jsonrpc !== '2.0') return undefined;
  const hasResult = v.result !== undefined && typeof v.result === 'object' && v.result !== null;
  const hasError = v.error !== undefined && typeof v.error === 'object' && v.error !== null;
  if (!hasResult && !hasError) return undefined;
  return v as JsonRpcResponse;
}

/** The response to request `id` in a JSON body or an SSE stream of `message` events. */
export function findResponse(body: string, contentType: string, id: number): JsonRpcResponse | undefined {
  const candidates = contentType.includes('text/event-stream')
    ? parseSse(body).filter((e) => e.event === 'message').map((e) => e.data)
    : [body];
  for (const text of candidates) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      continue;
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    const match = list.map(asJsonRpcResponse).find((r) => r !== undefined && r.id === id);
    if (match) return match;
  }
  return undefined;
}

/** Whether an SSE body already holds the response to `id` (to stop reading a stream that stays open). */
export function sseHasResponse(id: number): (text: string) => boolean {
  return (text) => findResponse(text, 'text/event-stream', id) !== undefined;
}

/** Whether a JSON-RPC error is about the protocol version (the SDK's "Unsupported protocol version", -32602 with data). */
export function isVersionError(error: NonNullable<JsonRpcResponse['error']>): boolean {
  return /protocol.?version/i.test(`${error.message ?? ''} ${JSON.stringify(error.data ?? '')}`);
}
