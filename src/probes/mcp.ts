/**
 * The MCP layer: the `initialize` handshake over the Streamable HTTP transport (MCP spec,
 * "Transports" and "Lifecycle"), as an MCP client behind the gateway would do it: POST a JSON-RPC
 * `initialize` offering uh's newest revision, accept a JSON or SSE answer, check the revision the
 * server picked, then send `notifications/initialized` and end the session (DELETE). A server on
 * the older HTTP+SSE transport (GET opens a stream whose first event is `endpoint`) is named as such.
 */
import type { CauseId } from '../causes/catalog.js';
import type { Measured, Probe, ProbeContext, ProbeTarget } from './types.js';
import { abortedSkip, skipped } from './types.js';
import { dialAddress, describeDial, gatewayTlsOptions, hostHeader } from './http-connect.js';
import type { SampleRequest, TimedSample } from './http-sample.js';
import { takeSample } from './http-sample.js';
import { quotedExcerpt } from './body-excerpt.js';
import { seconds, statusLine } from './http-classify.js';
import type { JsonRpcResponse } from './mcp-messages.js';
import { MCP_VERSIONS, findResponse, isVersionError, parseSse, sseHasResponse } from './mcp-messages.js';
import type { HttpCode, McpCode } from './codes.js';
import type { McpFacts } from './facts.js';
import { observe } from './observe.js';
export type { McpFacts } from './facts.js';


const UH_VERSION = '0.1.0';
const INIT_ID = 1;

type Base = Omit<SampleRequest, 'method' | 'path' | 'headers' | 'body'>;

interface Endpoint {
  readonly base: Base;
  readonly path: string;
  readonly host: string;
  readonly url: string;
}

export const mcpProbe: Probe<'mcp'> = async (target, ctx) => {
  const started = performance.now();
  const check = target.group.health.active;
  if (target.group.protocol !== 'mcp' && check?.type !== 'mcp') return skipped('mcp', 'the gateway neither speaks nor checks MCP');
  if (ctx.signal.aborted) return abortedSkip('mcp');
  const endpoint = await endpointFor(target, ctx).catch((err: Error) => err);
  if (endpoint instanceof Error) return skipped('mcp', `cannot build the TLS settings: ${endpoint.message}`);
  if (!endpoint) return skipped('mcp', 'no address to connect to (unresolved host or unknown port)');
  const result = await handshake(endpoint);
  return { ...result, ms: Math.round((performance.now() - started) * 10) / 10 };
};

async function endpointFor(target: ProbeTarget, ctx: ProbeContext): Promise<Endpoint | undefined> {
  const check = target.group.health.active;
  const addr = dialAddress(target, check?.port);
  if (!addr) return undefined;
  const tls = target.group.tls;
  const tlsOptions = tls ? await gatewayTlsOptions(target, tls, ['http/1.1']) : undefined;
  const port = 'socketPath' in addr ? undefined : addr.port;
  const host = check?.host ?? hostHeader(target.host, port, tls !== undefined);
  const path = check?.path && check.path !== '/' ? check.path : '/mcp';
  const scheme = tls ? 'https' : 'http';
  const base: Base = {
    addr, origin: `${scheme}://${'socketPath' in addr ? 'localhost' : describeDial(addr)}`, tlsOptions,
    connectTimeoutMs: target.group.timeouts.connectMs ?? ctx.timeoutMs, waitMs: check?.timeoutMs ?? ctx.timeoutMs, signal: ctx.signal,
  };
  return { base, path, host, url: `${scheme}://${host}${path}` };
}

function post(ep: Endpoint, body: object, extra: Record<string, string> = {}): Promise<TimedSample> {
  return takeSample({
    ...ep.base, method: 'POST', path: ep.path, body: JSON.stringify(body), until: sseHasResponse(INIT_ID),
    headers: { host: ep.host, accept: 'application/json, text/event-stream', 'content-type': 'application/json', 'user-agent': 'uh-mcp-probe', ...extra },
  });
}


type Result = Omit<Measured<'mcp'>, 'ms'>;

function failed(id: CauseId, code: McpCode | HttpCode, message: string, evidence: string[], facts: McpFacts): Result {
  return { probe: 'mcp', outcome: 'fail', code, message, observations: [observe(id, evidence)], facts };
}

async function handshake(ep: Endpoint): Promise<Result> {
  const offered = MCP_VERSIONS[0];
  const init = await post(ep, {
    jsonrpc: '2.0', id: INIT_ID, method: 'initialize',
    params: { protocolVersion: offered, capabilities: {}, clientInfo: { name: 'uh', version: UH_VERSION } },
  });
  const contentType = init.rawHeaders['content-type'] ?? '';
  const facts: McpFacts = {
    url: ep.url, offeredVersion: offered, status: init.status, latencyMs: init.firstByteMs && Math.round(init.firstByteMs * 10) / 10,
    answer: contentType.includes('text/event-stream') ? 'sse' : 'json',
  };
  const sent = `POST ${ep.path} initialize (protocolVersion ${offered})`;
  if (init.status === undefined) {
    if (init.code === 'HEADERS_TIMEOUT') {
      return failed('health-timeout', 'HEADERS_TIMEOUT', `${sent}: no answer`, [`${sent}: accepted the connection, no response in ${seconds(ep.base.waitMs)}`], facts);
    }
    return { probe: 'mcp', outcome: 'fail', code: init.code, message: `${sent}: ${init.error ?? init.code}`, observations: [], facts };
  }
  if (init.status === 401 || init.status === 403) {
    // Remote MCP servers are often OAuth-protected (MCP spec, "Authorization"): the check needs a token.
    const challenge = init.rawHeaders['www-authenticate'];
    const evidence = [`${sent} → ${statusLine(init)}${challenge ? ` (www-authenticate: ${challenge})` : ''}`];
    return failed('health-auth-required', 'HTTP_STATUS', `${sent} → ${statusLine(init)}`, evidence, facts);
  }
  const response = findResponse(init.body, contentType, INIT_ID);
  if (!response) return notJsonRpc(ep, init, sent, facts);
  if (response.error) return rpcError(response.error, sent, facts);
  return initialized(ep, init, response, sent, facts);
}

/** No JSON-RPC answer: say what came instead, and whether GET shows the legacy HTTP+SSE transport. */
async function notJsonRpc(ep: Endpoint, init: TimedSample, sent: string, facts: McpFacts): Promise<Result> {
  const legacy = await legacyEndpoint(ep);
  const type = init.rawHeaders['content-type'] ?? '(no content-type)';
  const evidence = [`${sent} → ${statusLine(init)} (${type}): ${quotedExcerpt(init.body)}; not a JSON-RPC response`];
  if (legacy !== undefined) {
    evidence.push(`GET ${ep.path} opens an SSE stream with \`event: endpoint\` (${legacy}): the server speaks the legacy HTTP+SSE transport (2024-11-05), not Streamable HTTP`);
  } else if (init.status === 404 || init.status === 405) {
    evidence.push(`no MCP endpoint at ${ep.path}: check the path`);
  }
  const withTransport: McpFacts = { ...facts, transport: legacy !== undefined ? 'legacy-sse' : 'unknown' };
  const code = legacy !== undefined ? 'MCP_LEGACY_SSE' : 'MCP_NOT_JSONRPC';
  return failed('protocol-mcp-handshake-failed', code, `${sent} → ${statusLine(init)}, not JSON-RPC`, evidence, withTransport);
}

/** GET the path as a legacy client would; the `endpoint` event's data, or undefined. Stops after the first event. */
async function legacyEndpoint(ep: Endpoint): Promise<string | undefined> {
  const sample = await takeSample({
    ...ep.base, method: 'GET', path: ep.path, headers: { host: ep.host, accept: 'text/event-stream', 'user-agent': 'uh-mcp-probe' },
    until: (text) => parseSse(text).length > 0,
  });
  if (!(sample.rawHeaders['content-type'] ?? '').includes('text/event-stream')) return undefined;
  return parseSse(sample.body).find((e) => e.event === 'endpoint')?.data;
}

function rpcError(error: NonNullable<JsonRpcResponse['error']>, sent: string, facts: McpFacts): Result {
  const data = error.data === undefined ? '' : ` ${JSON.stringify(error.data).slice(0, 160)}`;
  const line = `${sent} → JSON-RPC error ${error.code ?? '?'}: ${error.message ?? ''}${data}`;
  const withTransport: McpFacts = { ...facts, transport: 'streamable-http' };
  if (isVersionError(error)) {
    return failed('protocol-mcp-version-mismatch', 'MCP_VERSION', `initialize: protocol version refused`, [line, `uh speaks ${MCP_VERSIONS.join(', ')}`], withTransport);
  }
  return failed('protocol-mcp-handshake-failed', 'MCP_RPC_ERROR', `initialize: JSON-RPC error ${error.code ?? '?'}`, [line], withTransport);
}

async function initialized(ep: Endpoint, init: TimedSample, response: JsonRpcResponse, sent: string, facts: McpFacts): Promise<Result> {
  const result = response.result ?? {};
  const version = result.protocolVersion;
  const info = (result.serverInfo ?? {}) as { name?: string; version?: string };
  const sessionId = init.rawHeaders['mcp-session-id'];
  const known: McpFacts = {
    ...facts, transport: 'streamable-http', protocolVersion: typeof version === 'string' ? version : undefined,
    serverInfo: { name: info.name, version: info.version }, sessionId,
  };
  if (typeof version !== 'string') {
    return failed('protocol-mcp-handshake-failed', 'MCP_NO_VERSION', 'initialize: no protocolVersion in the result', [`${sent} → a result without protocolVersion`], known);
  }
  if (!(MCP_VERSIONS as readonly string[]).includes(version)) {
    const evidence = [`${sent} → the server chose ${version}`, `uh speaks ${MCP_VERSIONS.join(', ')}`];
    await endSession(ep, sessionId, version);
    return failed('protocol-mcp-version-mismatch', 'MCP_VERSION', `initialize: server chose unsupported revision ${version}`, evidence, known);
  }
  const session: Record<string, string> = sessionId ? { 'mcp-session-id': sessionId } : {};
  await post(ep, { jsonrpc: '2.0', method: 'notifications/initialized' }, { ...session, 'mcp-protocol-version': version });
  await endSession(ep, sessionId, version);
  const who = info.name ? ` ${info.name}${info.version ? ` ${info.version}` : ''}` : '';
  return { probe: 'mcp', outcome: 'pass', message: `initialize → ${version}${who} in ${seconds(init.firstByteMs ?? init.ms)}`, observations: [], facts: known };
}

/** DELETE the session the server issued (spec: clients SHOULD end sessions they no longer need). */
async function endSession(ep: Endpoint, sessionId: string | undefined, version: string): Promise<void> {
  if (!sessionId) return;
  await takeSample({
    ...ep.base, method: 'DELETE', path: ep.path,
    headers: { host: ep.host, 'mcp-session-id': sessionId, 'mcp-protocol-version': version, 'user-agent': 'uh-mcp-probe' },
  });
}
