import { describe, expect, it } from 'vitest';
import { classifyThrough } from '../../src/gateway-view/through-classify.js';

describe('an answer through the gateway, read the way each gateway writes it', () => {
  it.each([
    ['Envoy 503 (documented body, server: envoy)', 503, { server: 'envoy' }, 'no healthy upstream', { answer: 'no healthy upstream', by: 'envoy', failed: true }],
    ['Envoy NR: 404 with an empty body', 404, { server: 'envoy' }, '', { answer: 'no route (Envoy NR)', by: 'envoy', failed: true }],
    ['HAProxy 503 page', 503, {}, '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n', { answer: 'no healthy upstream', by: 'haproxy', failed: true }],
    ['nginx 502 page', 502, { server: 'nginx/1.22.1' }, '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx/1.22.1</center>\n</body>\n</html>\n', { answer: 'bad gateway', by: 'nginx', failed: true }],
    ['nginx 504 page', 504, { server: 'nginx' }, '', { answer: 'gateway timeout', by: 'nginx', failed: true }],
    ['Caddy 502 (empty body)', 502, { server: 'Caddy' }, '', { answer: 'bad gateway', by: 'caddy', failed: true }],
    ['uh serve 503 JSON', 503, {}, '{"error":"no_healthy_upstream","group":"users","requestId":"r1"}', { answer: 'no healthy upstream', by: 'uh', failed: true }],
    ['an upstream 200 through nginx', 200, { server: 'nginx' }, 'ok', { answer: 'ok', by: 'nginx', failed: false }],
  ] as const)('%s', (_name, status, headers, body, want) => {
    expect(classifyThrough(status, headers, body)).toEqual(want);
  });
});
