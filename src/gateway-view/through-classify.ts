/**
 * Who answered a request sent through the gateway, and what the answer says: Envoy's `no healthy
 * upstream` (503) and `NR` (404, no route), nginx's 502/503/504 pages, HAProxy's `503 Service
 * Unavailable` "No server is available to handle this request", Caddy's bare 502, uh's own JSON.
 * A 5xx, or no answer at all, is the gateway saying it could not serve the route.
 */
export interface ThroughReading {
  readonly answer: string;
  readonly by?: string;
  readonly failed: boolean;
}

const REASON: Readonly<Record<number, string>> = { 502: 'bad gateway', 503: 'service unavailable', 504: 'gateway timeout', 500: 'internal server error' };

export function classifyThrough(status: number, headers: Readonly<Record<string, string>>, body: string): ThroughReading {
  const server = (headers.server ?? '').toLowerCase();
  const by = whoAnswered(server, headers, body);
  const text = body.slice(0, 4096);
  if (/^no healthy upstream\s*$/.test(text.trim())) return { answer: 'no healthy upstream', by: by ?? 'envoy', failed: true };
  if (/No server is available to handle this request/.test(text)) return { answer: 'no healthy upstream', by: 'haproxy', failed: true };
  const uh = uhError(text);
  if (uh) return { answer: uh.replaceAll('_', ' '), by: 'uh', failed: status >= 500 };
  if (status === 404 && by === 'envoy' && text.trim() === '') return { answer: 'no route (Envoy NR)', by, failed: true };
  if (status >= 500) return { answer: REASON[status] ?? `status ${status}`, ...(by ? { by } : {}), failed: true };
  return { answer: 'ok', ...(by ? { by } : {}), failed: false };
}

function whoAnswered(server: string, headers: Readonly<Record<string, string>>, body: string): string | undefined {
  if (server.startsWith('envoy') || headers['x-envoy-upstream-service-time'] !== undefined) return 'envoy';
  if (server.startsWith('nginx') || /<center>nginx[^<]*<\/center>/.test(body)) return 'nginx';
  if (server.startsWith('caddy')) return 'caddy';
  if (/<h1>\d{3} [^<]+<\/h1>\s*\n?[A-Z][^<]*\.\s*\n?<\/body>/.test(body) && /haproxy/i.test(server)) return 'haproxy';
  return undefined;
}

function uhError(body: string): string | undefined {
  if (!body.trimStart().startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: unknown; requestId?: unknown };
    return typeof parsed.error === 'string' && parsed.requestId !== undefined ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}
