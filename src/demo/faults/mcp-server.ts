/**
 * A small hand-rolled MCP server on the Streamable HTTP transport (MCP spec, "Transports"):
 * `initialize` with protocol-version negotiation, an `Mcp-Session-Id`, `tools/list`, DELETE to end
 * a session. Hand-rolled because the official SDK is a dev dependency and `uh demo` runs from
 * production installs. Faults: an HTML error page, a JSON-RPC error, a version error, or the
 * legacy HTTP+SSE transport (GET opens an SSE stream whose first event is `endpoint`).
 */
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { startHttpServer } from './http-servers.js';
import type { RunningFault } from './types.js';

export type McpFailure = 'html' | 'jsonrpc-error' | 'version-error' | 'legacy-sse';

export interface McpServerOptions {
  /** Protocol revisions the server supports, newest first (default: 2025-06-18, 2025-03-26). */
  readonly versions?: readonly string[];
  readonly failWith?: McpFailure;
  /** Answer POSTs as an SSE stream (`event: message`) instead of a JSON body. */
  readonly sse?: boolean;
  /** Endpoint path (default `/mcp`). */
  readonly path?: string;
}

interface JsonRpcRequest {
  readonly jsonrpc?: string;
  readonly id?: string | number;
  readonly method?: string;
  readonly params?: { protocolVersion?: string };
}

const MAX_BODY = 64 * 1024;

/** Start the server on 127.0.0.1:0; the endpoint is `http://127.0.0.1:PORT/mcp`. */
export function startMcpServer(options: McpServerOptions = {}): Promise<RunningFault> {
  const path = options.path ?? '/mcp';
  const sessions = new Set<string>();
  return startHttpServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (options.failWith === 'legacy-sse') return legacy(req, res, path);
    if (url !== path) return plain(res, 404, 'text/plain', 'not found');
    if (options.failWith === 'html') return plain(res, 502, 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>');
    if (req.method === 'DELETE') {
      const id = String(req.headers['mcp-session-id'] ?? '');
      return plain(res, sessions.delete(id) ? 200 : 404, 'text/plain', '');
    }
    if (req.method !== 'POST') return plain(res, 405, 'text/plain', 'method not allowed');
    readJson(req, (message) => {
      if (!message) return rpc(res, options, null, { error: { code: -32700, message: 'Parse error' } });
      if (message.id === undefined) return plain(res, 202, 'text/plain', ''); // a notification
      if (message.method === 'initialize') return initialize(res, message, options, sessions);
      if (!sessions.has(String(req.headers['mcp-session-id'] ?? ''))) {
        return rpc(res, options, message.id, { error: { code: -32000, message: 'Bad Request: no valid session ID' } }, 400);
      }
      if (message.method === 'tools/list') return rpc(res, options, message.id, { result: { tools: [{ name: 'echo', inputSchema: { type: 'object' } }] } });
      return rpc(res, options, message.id, { error: { code: -32601, message: `Method not found: ${message.method}` } });
    });
  });
}

function initialize(res: http.ServerResponse, message: JsonRpcRequest, options: McpServerOptions, sessions: Set<string>): void {
  const versions = options.versions ?? ['2025-06-18', '2025-03-26'];
  const requested = message.params?.protocolVersion ?? '';
  if (options.failWith === 'jsonrpc-error') {
    return rpc(res, options, message.id!, { error: { code: -32603, message: 'Internal error: tool registry failed to load' } });
  }
  if (options.failWith === 'version-error' && !versions.includes(requested)) {
    return rpc(res, options, message.id!, {
      error: { code: -32602, message: 'Unsupported protocol version', data: { supported: versions, requested } },
    });
  }
  // Version negotiation: echo a supported request, else offer our newest (MCP lifecycle spec).
  const protocolVersion = versions.includes(requested) ? requested : versions[0];
  const session = randomUUID();
  sessions.add(session);
  rpc(res, options, message.id!, {
    result: { protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'uh-demo-mcp', version: '1.0.0' } },
  }, 200, { 'mcp-session-id': session });
}

function rpc(
  res: http.ServerResponse, options: McpServerOptions, id: string | number | null, body: object, status = 200,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify({ jsonrpc: '2.0', id, ...body });
  if (options.sse && status === 200) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
    res.end(`event: message\ndata: ${text}\n\n`);
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

function plain(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

function readJson(req: http.IncomingMessage, done: (message: JsonRpcRequest | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  });
  req.on('end', () => {
    try {
      done(JSON.parse(Buffer.concat(chunks).toString('utf8')) as JsonRpcRequest);
    } catch {
      done(undefined);
    }
  });
}

/** The 2024-11-05 HTTP+SSE transport: GET opens the stream and names the POST endpoint; POST to the SSE path is refused. */
function legacy(req: http.IncomingMessage, res: http.ServerResponse, path: string): void {
  if (req.method === 'GET' && (req.url ?? '').split('?')[0] === path) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(`event: endpoint\ndata: /messages?sessionId=${randomUUID()}\n\n`);
    return; // the stream stays open, as a legacy server's does; close() destroys the socket
  }
  req.resume();
  plain(res, 405, 'text/plain', 'Method Not Allowed');
}
