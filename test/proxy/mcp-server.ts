import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Upstream } from './helpers.js';
import { startUpstream } from './helpers.js';

/**
 * A real MCP server (official SDK, Streamable HTTP, stateful): it issues `Mcp-Session-Id` on
 * `initialize` and keeps each session's counter in its own memory, so a request reaching the other
 * instance fails (404 unknown session). Tool `whoami` answers `NAME:N` (N counts per session).
 */
export async function startMcpServer(name: string): Promise<Upstream & { sessions: number }> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const id = req.headers['mcp-session-id'];
    const known = typeof id === 'string' ? transports.get(id) : undefined;
    if (known) return known.handleRequest(req, res);
    if (id !== undefined || req.method !== 'POST') {
      req.resume();
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
      return;
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => void transports.set(sid, transport),
    });
    transport.onclose = () => {
      if (transport.sessionId) transports.delete(transport.sessionId);
    };
    const server = new McpServer({ name, version: '1.0.0' });
    let calls = 0;
    server.registerTool('whoami', { description: 'which instance holds this session' }, async () => ({
      content: [{ type: 'text', text: `${name}:${++calls}` }],
    }));
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };
  const up = await startUpstream(name, (req, res) => void handle(req, res).catch(() => res.destroy()));
  return Object.defineProperty(up, 'sessions', { get: () => transports.size }) as Upstream & { sessions: number };
}
