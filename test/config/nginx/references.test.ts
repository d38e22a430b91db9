import { describe, expect, it } from 'vitest';
import { group, parse } from './parse-helpers.js';

describe('*_pass references: to an upstream block, to a literal address, or through variables', () => {
  it('links "proxy_pass http://name" to the upstream block of that name, even when declared later', () => {
    const cfg = parse(`
http {
  server {
    listen 80; server_name api.example.com;
    location /api/ { proxy_pass http://api/; }
  }
  upstream api { server 10.0.0.1:8080; }
}`);
    expect(cfg.groups.map((g) => [g.name, g.source])).toEqual([['api', 'upstream block']]);
    expect(cfg.routes).toEqual([
      {
        match: { pathPrefix: '/api/', host: 'api.example.com' },
        upstream: 'api',
        via: 'proxy_pass',
        listener: 'server api.example.com:80',
        loc: { file: 'nginx.conf', line: 5, column: 22 },
      },
    ]);
  });

  it('makes a literal address its own group, named as written, listed once, in order of first reference', () => {
    const cfg = parse(`
http {
  server {
    location / { proxy_pass http://127.0.0.1:8080; }
    location /b { proxy_pass http://127.0.0.1:8080; }
    location ~ \\.php$ { fastcgi_pass unix:/run/php.sock; }
    location = /s { proxy_pass https://secure.example.com/x; }
  }
  upstream later { server 10.0.0.9; }
}`);
    expect(cfg.groups.map((g) => [g.name, g.source, g.directive ?? null])).toEqual([
      ['http://127.0.0.1:8080', 'proxy_pass literal', 'proxy_pass'],
      ['unix:/run/php.sock', 'proxy_pass literal', 'fastcgi_pass'],
      ['https://secure.example.com/x', 'proxy_pass literal', 'proxy_pass'],
      ['later', 'upstream block', null],
    ]);
    const secure = group(cfg, 'https://secure.example.com/x');
    expect(secure.targets[0]).toMatchObject({ host: 'secure.example.com', defaultPort: 443 });
    expect(secure.discovery).toBe('dns-once');
    expect(group(cfg, 'unix:/run/php.sock')).toMatchObject({ protocol: 'fastcgi', discovery: 'static' });
    expect(cfg.routes.map((r) => r.match)).toEqual([{ pathPrefix: '/' }, { pathPrefix: '/b' }, { pathRegex: '\\.php$' }, { path: '/s' }]);
  });

  it('treats "http://name" with no upstream block as a host literal, and a portless bare name as an undefined group', () => {
    const cfg = parse(`
http { server { location / { proxy_pass http://my_backend; } } }
stream { server { listen 3306; proxy_pass galera; } }`);
    expect(cfg.groups.map((g) => g.name)).toEqual(['http://my_backend']);
    expect(cfg.routes.map((r) => r.upstream)).toEqual(['http://my_backend', 'galera']);
  });

  it('does not take an upstream name with a port as the block (nginx matches blocks only without a port)', () => {
    const cfg = parse('http { upstream api { server 10.0.0.1; } server { location / { proxy_pass http://api:8080; } } }');
    expect(cfg.groups.map((g) => g.name)).toEqual(['api', 'http://api:8080']);
  });

  it('resolves variables through set and map, and reports what stays unknown without guessing', () => {
    const cfg = parse(`
http {
  map $host $scheme_to { default http; }
  map $http_x $pick { a 1; b 2; default $other; }
  upstream app { server 10.0.0.1; }
  server {
    set $server "127.0.0.1";
    set $port 8080;
    location /a { proxy_pass $scheme_to://$server:$port$request_uri; }
    location /b { set $up_scheme https; set $uri_part ''; proxy_pass $up_scheme://app$uri_part; }
    location /c { proxy_pass http://$arg_host/x; }
    location /d { proxy_pass http://$pick; }
    location /e { proxy_pass http://app$cookie_x; }
  }
}`);
    expect(cfg.unresolved.map((u) => [u.text, u.resolvedVia ?? null, u.resolvedValue ?? null])).toEqual([
      ['$scheme_to://$server:$port$request_uri', 'set', 'http://127.0.0.1:8080'],
      ['$up_scheme://app$uri_part', 'set', 'https://app'],
      ['http://$arg_host/x', null, null],
      ['http://$pick', null, null],
      ['http://app$cookie_x', null, null],
    ]);
    // The variable scheme/URI around a literal upstream name still links the group (and its TLS).
    expect(cfg.routes.map((r) => r.upstream)).toEqual(['app']);
    expect(group(cfg, 'app').tls).toBeDefined();
    expect(cfg.groups.map((g) => g.name)).toEqual(['app']);
    expect(cfg.notes.map((n) => n.message)).toEqual([
      'proxy_pass http://$arg_host/x: the target depends on run-time variables',
      'proxy_pass http://$pick: the target depends on run-time variables',
      'proxy_pass http://app$cookie_x: the target depends on run-time variables',
    ]);
  });

  it('marks TLS unknown when the scheme is a variable nothing resolves', () => {
    const cfg = parse('http { upstream s { server 10.0.0.1; } server { location / { proxy_pass $proto://s$uri; } } }');
    expect(group(cfg, 's').tls).toBeUndefined();
    expect(group(cfg, 's').tlsUnknown).toBe(true);
    expect(group(cfg, 's')).not.toHaveProperty('scopeResolvers');
    expect(cfg.notes.map((n) => n.message)).toEqual([
      'proxy_pass $proto://s$uri: the target depends on run-time variables',
      'upstream "s": its scheme is a variable, so whether nginx speaks TLS to it is decided at run time',
    ]);
  });

  it('speaks udp to a stream upstream behind a udp listener', () => {
    const cfg = parse('stream { upstream dns { server 10.0.0.53:53; } server { listen 53 udp; proxy_pass dns; } }');
    expect(group(cfg, 'dns').protocol).toBe('udp');
  });

  it('accepts what nginx accepts as distinct locations: = /x and /x, repeated regex and named locations', () => {
    const cfg = parse(`
http { server {
  location = /x { proxy_pass http://10.0.0.1:1; }
  location /x { proxy_pass http://10.0.0.1:1; }
  location ~ /y { proxy_pass http://10.0.0.1:1; }
  location ~ /y { proxy_pass http://10.0.0.1:1; }
  location @n { proxy_pass http://10.0.0.1:1; }
  location @n { proxy_pass http://10.0.0.1:1; }
} }`);
    expect(cfg.routes).toHaveLength(6);
  });

  it('infers a stream snippet from servers that proxy without locations', () => {
    const cfg = parse('upstream db { server 10.0.0.1:5432; }\nserver { listen 5432; proxy_pass db; proxy_timeout 2s; }');
    expect(group(cfg, 'db')).toMatchObject({ context: 'stream', protocol: 'tcp' });
    expect(group(cfg, 'db').timeouts).toMatchObject({ readMs: 2000, connectMs: 60_000, declared: { proxy_timeout: '2s' } });
    expect(cfg.routes[0]).toMatchObject({ upstream: 'db', match: {}, listener: 'stream server :5432' });
  });
});
