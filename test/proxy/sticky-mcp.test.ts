import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Agent } from 'undici';
import type { Proxy } from '../../src/proxy/server.js';
import type { Upstream } from './helpers.js';
import { client, get, serve, stateReached, targetOf } from './helpers.js';
import { startMcpServer } from './mcp-server.js';
import { active, gateway, group } from './model.js';

async function mcpClient(url: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const c = new Client({ name: 'uh-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await c.connect(transport);
  return { client: c, transport };
}

async function whoami(c: Client): Promise<string> {
  const result = (await c.callTool({ name: 'whoami', arguments: {} })) as { content: { text: string }[] };
  return result.content[0]!.text;
}

describe('uh serve: sticky MCP sessions (two real MCP SDK servers behind uh)', () => {
  let proxy: Proxy | undefined;
  let agent: Agent | undefined;
  const ups: Upstream[] = [];
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.allSettled(clients.splice(0).map((c) => c.close()));
    await agent?.close();
    agent = undefined;
    await proxy?.close(500);
    await Promise.all(ups.splice(0).map((u) => u.kill()));
  });

  it('pins every session to the instance that issued it, and says "lost" when that instance is gone', async () => {
    const a = await startMcpServer('A');
    const b = await startMcpServer('B');
    ups.push(a, b);
    ({ proxy } = await serve(gateway([
      group('mcp', [a.address, b.address], {
        protocol: 'mcp',
        balance: 'round_robin',
        sticky: { learn: 'Mcp-Session-Id', ttlMs: 30 * 60_000 },
        health: { active: active({ type: 'tcp', intervalMs: 100, rise: 1, fall: 1 }) },
      }),
    ])));
    const url = `${proxy.address.url}/mcp`;
    const sessions = await Promise.all(Array.from({ length: 4 }, () => mcpClient(url)));
    clients.push(...sessions.map((s) => s.client));
    expect(a.sessions).toBe(2);
    expect(b.sessions).toBe(2);

    // Round-robin alone would alternate instances; sticky keeps each session on its own.
    const owners: string[] = [];
    for (const { client: c } of sessions) {
      const seen: string[] = [];
      for (let i = 0; i < 10; i++) seen.push(await whoami(c));
      const owner = seen[0]!.split(':')[0]!;
      expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => `${owner}:${i + 1}`));
      owners.push(owner);
    }

    await a.kill();
    await stateReached(proxy, a.address, (c) => c.state === 'unhealthy', () => !targetOf(proxy!, a.address).healthy());
    // Sessions on B keep working.
    const onB = sessions.filter((_, i) => owners[i] === 'B');
    for (const { client: c } of onB) expect(await whoami(c)).toBe('B:11');
    // A session that lived on A fails over, and the answer says the session was lost.
    const lost = sessions[owners.indexOf('A')]!.transport.sessionId!;
    agent = client();
    const answer = await get(agent, url, {
      'mcp-session-id': lost,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
    }, 'POST', JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'tools/call', params: { name: 'whoami', arguments: {} } }));
    expect(answer.headers['x-uh-session']).toBe('lost');
    expect(answer.status).toBe(404);
    expect(proxy.groups()[0]!.metrics.sessionsLost).toBe(1);
  });
});
