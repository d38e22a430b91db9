/**
 * MCP `initialize` over Streamable HTTP against uh's demo MCP server: a good handshake (JSON and
 * SSE answers), a revision uh does not speak, a version error, a JSON-RPC error, an HTML error
 * page, and the legacy HTTP+SSE transport.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningFault } from '../../src/demo/faults/types.js';
import type { McpServerOptions } from '../../src/demo/faults/mcp-server.js';
import { startMcpServer } from '../../src/demo/faults/mcp-server.js';
import { authServer } from '../../src/demo/faults/http-servers.js';
import { mcpProbe } from '../../src/probes/mcp.js';
import { probeContext } from '../helpers/probe-context.js';
import { activeCheck, targetFor } from './http-fixtures.js';

let faults: RunningFault[] = [];
afterEach(async () => {
  await Promise.all(faults.map((f) => f.close()));
  faults = [];
});

async function probe(options: McpServerOptions | 'auth') {
  const fault = options === 'auth' ? await authServer() : await startMcpServer(options);
  faults.push(fault);
  const target = targetFor(fault, { protocol: 'mcp', health: { active: activeCheck({ type: 'mcp', path: '/mcp', timeoutMs: 3000 }) } });
  return mcpProbe(target, probeContext({ timeoutMs: 3000 }));
}

describe('mcp probe: the handshake completes', () => {
  it('negotiates a revision both speak and reports the session', async () => {
    const result = await probe({ versions: ['2025-06-18', '2025-03-26'] });
    expect(result.outcome).toBe('pass');
    expect(result.facts).toMatchObject({
      protocolVersion: '2025-06-18', transport: 'streamable-http', answer: 'json', serverInfo: { name: 'uh-demo-mcp' },
    });
    expect(result.facts.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.message).toContain('initialize → 2025-06-18 uh-demo-mcp 1.0.0');
  });

  it('reads an SSE answer (event: message)', async () => {
    const result = await probe({ sse: true });
    expect(result.outcome).toBe('pass');
    expect(result.facts.answer).toBe('sse');
  });
});

describe('mcp probe: the handshake fails', () => {
  it('the server picks a revision uh does not speak → protocol-mcp-version-mismatch', async () => {
    const result = await probe({ versions: ['2099-01-01'] });
    expect(result.outcome).toBe('fail');
    expect(result.observations[0]).toMatchObject({ cause: 'protocol-mcp-version-mismatch', severity: 'critical' });
    expect(result.observations[0]!.evidence[0]).toContain('the server chose 2099-01-01');
  });

  it('a JSON-RPC error about the protocol version → protocol-mcp-version-mismatch', async () => {
    const result = await probe({ versions: ['2024-10-07'], failWith: 'version-error' });
    expect(result.observations[0]?.cause).toBe('protocol-mcp-version-mismatch');
    expect(result.observations[0]!.evidence[0]).toContain('JSON-RPC error -32602: Unsupported protocol version');
  });

  it('any other JSON-RPC error → protocol-mcp-handshake-failed', async () => {
    const result = await probe({ failWith: 'jsonrpc-error' });
    expect(result.observations[0]).toMatchObject({ cause: 'protocol-mcp-handshake-failed', severity: 'critical' });
    expect(result.observations[0]!.evidence[0]).toContain('-32603: Internal error: tool registry failed to load');
  });

  it('an HTML error page → protocol-mcp-handshake-failed, quoting it', async () => {
    const result = await probe({ failWith: 'html' });
    expect(result.code).toBe('MCP_NOT_JSONRPC');
    expect(result.observations[0]!.evidence[0]).toContain('502 Bad Gateway (text/html): "502 Bad Gateway"');
  });

  it('the legacy HTTP+SSE transport is named in the evidence', async () => {
    const result = await probe({ failWith: 'legacy-sse' });
    expect(result.observations[0]?.cause).toBe('protocol-mcp-handshake-failed');
    expect(result.facts.transport).toBe('legacy-sse');
    expect(result.observations[0]!.evidence.join('\n')).toContain('legacy HTTP+SSE transport');
  });

  it('a wrong path (404) says there is no MCP endpoint there', async () => {
    const result = await probe({ path: '/other' });
    expect(result.observations[0]?.cause).toBe('protocol-mcp-handshake-failed');
    expect(result.observations[0]!.evidence.join('\n')).toContain('no MCP endpoint at /mcp');
  });
});

describe('mcp probe: an OAuth-protected endpoint', () => {
  it('401 with a Bearer challenge → health-auth-required', async () => {
    const result = await probe('auth');
    expect(result.observations[0]).toMatchObject({ cause: 'health-auth-required', severity: 'critical' });
    expect(result.observations[0]!.evidence[0]).toContain('401 Unauthorized (www-authenticate: Bearer realm="api")');
  });
});

