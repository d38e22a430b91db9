/**
 * One nginx upstream, two references that speak differently: a location proxies to it over plain
 * HTTP, another over TLS. nginx talks to the same servers both ways, so uh probes both ways and
 * says which reference each finding and check belongs to.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { inspectText } from '../../src/report/inspect-text.js';
import { healthyServer } from '../../src/demo/faults/http-servers.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import { diagnoseText, first, summary } from './harness.js';

const servers: RunningFault[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('e2e: a group referenced in different ways is probed each way', () => {
  it('nginx http:// and https:// to one plain-HTTP upstream: the https reference gets tls-to-plaintext, the http one passes', async () => {
    const a = await healthyServer();
    const b = await healthyServer();
    servers.push(a, b);
    const d = await diagnoseText('nginx', `events {}
http {
  upstream app {
    server ${a.address};
    server ${b.address};
  }
  server {
    listen 8080;
    location /api/ {
      proxy_pass http://app;
      proxy_http_version 1.1;
    }
    location /secure/ {
      proxy_pass https://app;
      proxy_http_version 1.1;
    }
  }
}
`);
    const top = first(d);
    expect(top.cause, summary(d)).toBe('tls-to-plaintext');
    expect(top.evidence.join('\n'), summary(d)).toMatch(/via proxy_pass https:\/\/app at \S*nginx\.conf:14/);
    expect(top.evidence.join('\n'), summary(d)).not.toMatch(/via proxy_pass http:\/\/app/);
    const checks = d.groups[0]!.targets[0]!.checks;
    expect(checks.find((c) => c.probe === 'http' && c.message.startsWith('[via proxy_pass http://app at '))?.outcome, JSON.stringify(checks)).toBe('pass');
    expect(checks.find((c) => c.probe === 'tls' && c.message.startsWith('[via proxy_pass https://app at '))?.outcome, JSON.stringify(checks)).toBe('fail');
    // The TLS reference has no healthy target: an outage for the traffic it carries.
    expect(d.groups[0]!.verdict).toBe('no-healthy-upstream');
  });

  it('uh inspect lists each way the group is spoken to', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'uh-ways-'));
    try {
      const file = path.join(dir, 'nginx.conf');
      writeFileSync(file, `events {}
http {
  upstream app { server 127.0.0.1:9001; }
  server {
    listen 8080;
    location /api/ { grpc_pass grpc://app; }
    location /secure/ { grpc_pass grpcs://app; }
  }
}
`);
      const text = inspectText(loadConfig(file), { color: false });
      expect(text).toMatch(/ways +grpc — grpc_pass grpc:\/\/app at \S*nginx\.conf:6/);
      expect(text).toMatch(/grpc over TLS — grpc_pass grpcs:\/\/app at \S*nginx\.conf:7/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('references that speak alike are probed once (HTTP/1.0 and 1.1 are one way)', async () => {
    const a = await healthyServer();
    servers.push(a);
    const d = await diagnoseText('nginx', `events {}
http {
  upstream app {
    server ${a.address};
  }
  server {
    listen 8080;
    location /a/ { proxy_pass http://app; proxy_http_version 1.1; }
    location /b/ { proxy_pass http://app; }
  }
}
`);
    const checks = d.groups[0]!.targets[0]!.checks;
    expect(checks.filter((c) => c.probe === 'tcp')).toHaveLength(1);
    expect(checks.every((c) => !c.message.startsWith('[via'))).toBe(true);
  });
});
