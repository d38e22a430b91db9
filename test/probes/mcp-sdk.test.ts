/**
 * The MCP probe against REAL servers built with the official SDK (@modelcontextprotocol/sdk, a
 * dev dependency): McpServer on StreamableHTTPServerTransport (JSON and SSE answers), and the
 * legacy SSEServerTransport. Passing only against uh's own fake would prove little.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { listenTracked } from '../../src/demo/faults/http-servers.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import { mcpProbe } from '../../src/probes/mcp.js';
import { MCP_VERSIONS } from '../../src/probes/mcp-messages.js';
import { probeContext } from '../helpers/probe-context.js';
import { activeCheck, targetFor } from './http-fixtures.js';

let running: RunningFault[] = [];
let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  await Promise.all(running.map((f) => f.close()));
  running = [];
  closers = [];
});

function sdkServer(): McpServer {
  const server = new McpServer({ name: 'sdk-test-server', version: '9.9.9' });
  server.registerTool('echo', { description: 'echo' }, async () => ({ content: [{ type: 'text', text: 'hi' }] }));
  return server;
}

/** One stateful Streamable HTTP transport at /mcp (one session, which is all the probe opens). */
async function startStreamable(enableJsonResponse: boolean): Promise<{ fault: RunningFault; deleted: () => boolean }> {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), enableJsonResponse });
  let deleted = false;
  transport.onclose = () => { deleted = true; };
  const mcp = sdkServer();
  await mcp.connect(transport);
  closers.push(() => mcp.close());
  const server = http.createServer((req, res) => {
    if (req.url !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    void transport.handleRequest(req, res);
  });
  const fault = await listenTracked(server);
  running.push(fault);
  return { fault, deleted: () => deleted };
}

async function startLegacySse(): Promise<RunningFault> {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/mcp') {
      const transport = new SSEServerTransport('/messages', res);
      const mcp = sdkServer();
      closers.push(() => mcp.close());
      void mcp.connect(transport);
      return;
    }
    res.writeHead(405).end('Method Not Allowed');
  });
  const fault = await listenTracked(server);
  running.push(fault);
  return fault;
}

const mcpTarget = (fault: RunningFault) =>
  targetFor(fault, { protocol: 'mcp', health: { active: activeCheck({ type: 'mcp', path: '/mcp', timeoutMs: 5000 }) } });
const ctx = () => probeContext({ timeoutMs: 5000 });

describe('mcp probe vs the official SDK', () => {
  it('uh offers the SDK\'s newest revision', () => {
    expect(MCP_VERSIONS[0]).toBe(LATEST_PROTOCOL_VERSION);
  });

  it('completes initialize on a Streamable HTTP server answering with SSE, then ends the session', async () => {
    const { fault, deleted } = await startStreamable(false);
    const result = await mcpProbe(mcpTarget(fault), ctx());
    expect(result.message).toContain('initialize →');
    expect(result.outcome).toBe('pass');
    expect(result.facts).toMatchObject({
      protocolVersion: LATEST_PROTOCOL_VERSION, answer: 'sse', transport: 'streamable-http',
      serverInfo: { name: 'sdk-test-server', version: '9.9.9' },
    });
    expect(result.facts.sessionId).toBeTruthy();
    expect(deleted()).toBe(true);
  });

  it('completes initialize on a Streamable HTTP server answering with JSON', async () => {
    const { fault } = await startStreamable(true);
    const result = await mcpProbe(mcpTarget(fault), ctx());
    expect(result.outcome).toBe('pass');
    expect(result.facts.answer).toBe('json');
  });

  it('names the SDK\'s legacy HTTP+SSE transport', async () => {
    const fault = await startLegacySse();
    const result = await mcpProbe(mcpTarget(fault), ctx());
    expect(result.observations[0]).toMatchObject({ cause: 'protocol-mcp-handshake-failed', severity: 'critical' });
    expect(result.facts.transport).toBe('legacy-sse');
    expect(result.observations[0]!.evidence.join('\n')).toContain('/messages?sessionId=');
  });
});
