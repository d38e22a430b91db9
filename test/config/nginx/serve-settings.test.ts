import { describe, expect, it } from 'vitest';
import { group, parse } from './parse-helpers.js';

describe('what uh serve takes from an nginx.conf: its listeners and proxy_next_upstream', () => {
  it('listens where the servers that proxy listen: each address once, `listen 80` on every address, none written = *:80, a server without proxy_pass not at all', () => {
    const cfg = parse(`
http {
  upstream u { server 10.0.0.1:80; server 10.0.0.2:80; }
  server { listen 127.0.0.1:8081; listen [::1]:8082; location / { proxy_pass http://u; } location /b { proxy_pass http://u; } }
  server { listen 9090; location / { proxy_pass http://u; } }
  server { location / { proxy_pass http://10.0.0.3:80; } }
  server { listen 443 ssl; location / { proxy_pass http://u; } }
  server { listen 7070; location / { return 200; } }
}`);
    expect(cfg.serve.listeners!.map((l) => [l.address, l.tls])).toEqual([
      ['127.0.0.1:8081', false],
      ['[::1]:8082', false],
      ['0.0.0.0:9090', false],
      ['0.0.0.0:80', false],
      ['0.0.0.0:443', true],
    ]);
  });

  it('writes no retry policy unless proxy_next_upstream* is declared (serve then runs nginx\'s default, error timeout)', () => {
    const cfg = parse('http { upstream u { server 10.0.0.1:80; server 10.0.0.2:80; } server { location / { proxy_pass http://u; } } }');
    expect(group(cfg, 'u').retries).toBeUndefined();
  });

  it('reads proxy_next_upstream, _tries and _timeout (inherited from http) as the group\'s retries: at once, no budget', () => {
    const cfg = parse(`
http {
  proxy_next_upstream_timeout 5s;
  upstream u { server 10.0.0.1:80; server 10.0.0.2:80; server 10.0.0.3:80; }
  server { location / { proxy_next_upstream error http_503 non_idempotent; proxy_next_upstream_tries 2; proxy_pass http://u; } }
}`);
    expect(group(cfg, 'u').retries).toMatchObject({
      attempts: 1,
      on: ['connect_failure', 'reset', '503'],
      backoffMs: 0,
      budget: 1,
      giveUpAfterMs: 5000,
      declared: { proxy_next_upstream: 'error http_503 non_idempotent', proxy_next_upstream_tries: '2', proxy_next_upstream_timeout: '5s' },
    });
  });

  it('proxy_next_upstream off retries nothing, not even a refused connect', () => {
    const cfg = parse('http { upstream u { server 10.0.0.1:80; server 10.0.0.2:80; } server { location / { proxy_next_upstream off; proxy_pass http://u; } } }');
    expect(group(cfg, 'u').retries).toMatchObject({ on: [], attempts: 1 });
  });

  it('access_log off where the proxying location is turns serve\'s access log off too', () => {
    expect(parse('http { access_log off; server { location / { proxy_pass http://10.0.0.1:80; } } }').serve.accessLog).toBe('off');
    expect(parse('http { server { location / { proxy_pass http://10.0.0.1:80; } } }').serve.accessLog).toBeUndefined();
  });
});
