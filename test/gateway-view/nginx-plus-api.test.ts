/**
 * The NGINX Plus API from its documented format (no NGINX Plus here: the peer fields follow the
 * ngx_http_api_module reference), served by a loopback HTTP server.
 */
import { describe, expect, it } from 'vitest';
import { startHttpServer } from '../../src/demo/faults/http-servers.js';
import { nginxPlusApiSource } from '../../src/gateway-view/nginx-plus-api.js';
import { closedAfterEach } from '../helpers/running-faults.js';

const faults = closedAfterEach();
const ctx = () => ({ signal: new AbortController().signal, timeoutMs: 3000, maxBytes: 1 << 20, sinceMs: 0, now: () => Date.now() });

const peer = (server: string, state: string, extra: Record<string, unknown> = {}) => ({
  id: 0, server, name: server, backup: false, weight: 1, state, active: 0, requests: 10,
  responses: { '1xx': 0, '2xx': 10, '3xx': 0, '4xx': 0, '5xx': 0, total: 10 }, sent: 1000, received: 2000, fails: 0, unavail: 0,
  health_checks: { checks: 12, fails: 0, unhealthy: 0, last_passed: true }, downtime: 0, selected: '2026-12-04T14:00:00Z', ...extra,
});

describe('NGINX Plus API /http/upstreams (documented format, served on loopback; no NGINX Plus binary here)', () => {
  it('every peer state in uh\'s vocabulary, the newest API version picked from /api/', async () => {
    const api = await faults.start(startHttpServer((req, res) => {
      const body = req.url === '/api/' ? [1, 2, 3, 4, 5, 6, 7, 8, 9]
        : req.url === '/api/9/http/upstreams' ? {
          backend: {
            peers: [
              peer('10.0.0.1:8080', 'up'),
              peer('10.0.0.2:8080', 'unhealthy', { health_checks: { checks: 12, fails: 4, unhealthy: 1, last_passed: false }, downstart: '2026-12-04T14:02:00Z' }),
              peer('10.0.0.3:8080', 'draining'),
              peer('10.0.0.4:8080', 'down'),
              peer('10.0.0.5:8080', 'unavail', { fails: 3 }),
              peer('10.0.0.6:8080', 'checking'),
            ],
            keepalive: 0, zombies: 0, zone: 'backend',
          },
        } : { error: { status: 404, text: 'unknown path', code: 'PathNotFound' } };
      res.writeHead(req.url?.startsWith('/api/') && typeof body === 'object' && !('error' in body) ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    }));
    const view = await nginxPlusApiSource(`http://${api.address}/api`, ctx());
    expect(view.outcome).toBe('read');
    expect(view.targets.map((t) => [t.address, t.state])).toEqual([
      ['10.0.0.1:8080', 'healthy'], ['10.0.0.2:8080', 'unhealthy'], ['10.0.0.3:8080', 'draining'],
      ['10.0.0.4:8080', 'maint'], ['10.0.0.5:8080', 'ejected'], ['10.0.0.6:8080', 'pending'],
    ]);
    expect(view.targets[1]).toMatchObject({ detail: 'unhealthy (active health checks fail), health checks 4/12 failed (last failed), fails 0', since: '2026-12-04T14:02:00Z' });
    expect(view.groups).toEqual([{ source: 'nginx-plus-api', name: 'backend', members: 6, healthy: 1, panic: false, overflow: [] }]);
  });
});
