import { describe, expect, it } from 'vitest';
import { group, parse } from './parse-helpers.js';

describe('how nginx speaks to a group: TLS, HTTP version, timeouts', () => {
  it('applies nginx TLS defaults to https://: no verification, no SNI, TLSv1.2-1.3, verify name = $proxy_host', () => {
    const cfg = parse('http { upstream u { server 10.0.0.1:443; } server { location / { proxy_pass https://u; } } }');
    expect(group(cfg, 'u').tls).toMatchObject({
      verify: false,
      autoSni: false,
      verifyName: 'u',
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.3',
      alpn: [],
    });
    expect(group(cfg, 'u').tls!.declared).toEqual({});
    expect(group(cfg, 'u').tls!.sni).toBeUndefined();
  });

  it('reads proxy_ssl_* inherited from http into server and location, inner levels overriding', () => {
    const cfg = parse(`
http {
  proxy_ssl_verify on;
  proxy_ssl_trusted_certificate /etc/ssl/ca.pem;
  server {
    proxy_ssl_server_name on;
    proxy_ssl_name api.internal;
    location / {
      proxy_ssl_protocols TLSv1.3;
      proxy_ssl_certificate /etc/ssl/client.pem;
      proxy_ssl_certificate_key /etc/ssl/client.key;
      proxy_ssl_ciphers HIGH:!aNULL;
      proxy_pass https://10.0.0.1:8443;
    }
  }
}`);
    expect(group(cfg, 'https://10.0.0.1:8443').tls).toMatchObject({
      verify: true,
      sni: 'api.internal',
      verifyName: 'api.internal',
      ca: '/etc/ssl/ca.pem',
      clientCert: { cert: '/etc/ssl/client.pem', key: '/etc/ssl/client.key' },
      minVersion: 'TLSv1.3',
      maxVersion: 'TLSv1.3',
      ciphers: 'HIGH:!aNULL',
      declared: {
        proxy_ssl_verify: 'on',
        proxy_ssl_trusted_certificate: '/etc/ssl/ca.pem',
        proxy_ssl_server_name: 'on',
        proxy_ssl_name: 'api.internal',
        proxy_ssl_protocols: 'TLSv1.3',
        proxy_ssl_certificate: '/etc/ssl/client.pem',
        proxy_ssl_certificate_key: '/etc/ssl/client.key',
        proxy_ssl_ciphers: 'HIGH:!aNULL',
      },
    });
  });

  it('leaves plain http:// without TLS even from an ssl listener, and unreferenced upstreams plain', () => {
    const cfg = parse('http { upstream a { server 10.0.0.1; } upstream b { server 10.0.0.2; } server { listen 443 ssl; location / { proxy_pass http://a; } } }');
    expect(group(cfg, 'a').tls).toBeUndefined();
    expect(group(cfg, 'b').tls).toBeUndefined();
    expect(group(cfg, 'b').tlsUnknown).toBeUndefined();
  });

  it('speaks HTTP/1.0 by default and HTTP/1.1 with proxy_http_version 1.1; grpc_pass speaks gRPC (h2 ALPN over TLS)', () => {
    const cfg = parse(`
http {
  server {
    location /old { proxy_pass http://10.0.0.1:1; }
    location /new { proxy_http_version 1.1; proxy_pass http://10.0.0.2:2; }
    location /rpc { grpc_pass grpcs://10.0.0.3:3; }
    location /u { uwsgi_pass 10.0.0.4:4; }
  }
}`);
    expect(cfg.groups.map((g) => g.protocol)).toEqual(['http1.0', 'http1', 'grpc', 'uwsgi']);
    expect(group(cfg, 'grpcs://10.0.0.3:3').tls).toMatchObject({ alpn: ['h2'], verifyName: '10.0.0.3' });
  });

  it('inherits timeouts http → server → location with the pass module family, nginx default 60s for the rest', () => {
    const cfg = parse(`
http {
  proxy_connect_timeout 5s;
  uwsgi_read_timeout 300s;
  server {
    proxy_read_timeout 1m30s;
    location / { proxy_send_timeout 90; proxy_pass http://10.0.0.1:80; }
    location /u { uwsgi_pass 10.0.0.2:3031; }
  }
}`);
    expect(group(cfg, 'http://10.0.0.1:80').timeouts).toEqual({
      connectMs: 5000,
      sendMs: 90_000,
      readMs: 90_000,
      declared: { proxy_connect_timeout: '5s', proxy_send_timeout: '90', proxy_read_timeout: '1m30s' },
    });
    expect(group(cfg, '10.0.0.2:3031').timeouts).toEqual({
      connectMs: 60_000,
      sendMs: 60_000,
      readMs: 300_000,
      declared: { uwsgi_read_timeout: '300s' },
    });
  });

  it('merges settings across references: the first reference that declares a timeout wins', () => {
    const cfg = parse(`
http {
  upstream b { zone b 64k; }
  server {
    location / { proxy_pass http://b; }
    location @hc { proxy_connect_timeout 1s; proxy_read_timeout 1s; proxy_pass http://b; }
  }
}`);
    expect(group(cfg, 'b').timeouts.declared).toEqual({ proxy_connect_timeout: '1s', proxy_read_timeout: '1s' });
    expect(cfg.routes.map((r) => r.match)).toEqual([{ pathPrefix: '/' }, {}]);
  });

  it('speaks TLS to a stream upstream with proxy_ssl on', () => {
    const cfg = parse('stream { upstream s { server 10.0.0.1:636; } server { listen 636; proxy_ssl on; proxy_ssl_verify on; proxy_pass s; } }');
    expect(group(cfg, 's').tls).toMatchObject({ verify: true, declared: { proxy_ssl_verify: 'on' } });
  });

  it('says so when two locations proxy to one group with different settings, naming both', () => {
    const cfg = parse(`
http {
  upstream api { server 10.0.0.1:443; }
  server {
    location /a { proxy_ssl_verify on; proxy_read_timeout 5s; proxy_pass https://api; }
    location /b { proxy_pass https://api; }
  }
}`);
    expect(group(cfg, 'api').tls!.verify).toBe(true);
    const notes = cfg.notes.filter((n) => n.message.includes('disagree'));
    expect(notes.map((n) => n.message)).toEqual([
      expect.stringMatching(/^upstream "api": its references disagree on proxy_read_timeout \(.*location \/a.*: 5s; .*location \/b.*: nginx's default\); uh probes with 5s, the first declared$/),
      expect.stringMatching(/^upstream "api": its references disagree on proxy_ssl_verify \(.*: on; .*: nginx's default\)/),
    ]);
    expect(notes.every((n) => n.severity === 'warning' && n.loc?.line === 5)).toBe(true);
  });

  it('stays quiet when every reference agrees', () => {
    const cfg = parse(`
http {
  proxy_read_timeout 5s;
  upstream api { server 10.0.0.1:80; }
  server { location /a { proxy_pass http://api; } location /b { proxy_pass http://api; } }
}`);
    expect(cfg.notes.filter((n) => n.message.includes('disagree'))).toEqual([]);
  });
});
