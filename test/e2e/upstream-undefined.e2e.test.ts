/**
 * A pass/route that names no group. nginx takes `proxy_pass http://name;` without an `upstream
 * name` block as a host name and refuses to start when it does not resolve ("host not found in
 * upstream"); Envoy rejects a route to a cluster it does not know. Rank 1 says so, with a
 * did-you-mean and both places in the file — not the DNS answer alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDnsServer } from '../../src/demo/faults/dns-server.js';
import { healthyServer } from '../../src/demo/faults/http-servers.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import { diagnoseText, envoyRouteTo, first, summary } from './harness.js';

const servers: RunningFault[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start<T extends RunningFault>(server: Promise<T>): Promise<T> {
  const s = await server;
  servers.push(s);
  return s;
}

/** One upstream block `faulty` and a location proxying to `pass` (what a user writes). */
const nginxPassTo = (upstreamAddress: string, pass: string) => `events {}
http {
  upstream faulty {
    server ${upstreamAddress};
  }
  server {
    listen 8080;
    location / {
      proxy_pass ${pass};
    }
  }
}
`;

describe('e2e: a reference to a group that does not exist', () => {
  it('nginx: proxy_pass to a misspelt upstream that does not resolve ranks config-upstream-undefined first, with the DNS answer and did-you-mean', async () => {
    const app = await start(healthyServer());
    const dns = await start(startDnsServer({}));
    const d = await diagnoseText('nginx', nginxPassTo(app.address, `http://faulty_typo`), { resolvers: [{ host: dns.host, port: dns.port }] });
    const top = first(d);
    expect(top.cause, summary(d)).toBe('config-upstream-undefined');
    expect(top.severity).toBe('critical');
    const evidence = top.evidence.join('\n');
    expect(evidence, summary(d)).toMatch(/`faulty_typo` is no upstream group and does not resolve — did you mean `faulty`\?/);
    expect(evidence, summary(d)).toMatch(/proxy_pass http:\/\/faulty_typo at \S*nginx\.conf:9/);
    expect(evidence, summary(d)).toMatch(/upstream faulty at \S*nginx\.conf:3/);
    expect(evidence, summary(d)).toMatch(/NXDOMAIN/);
    expect(top.loc?.line).toBe(9);
    // The DNS answer is evidence of rank 1, not a finding of its own.
    expect(d.findings.map((f) => f.cause), summary(d)).not.toContain('dns-nxdomain');
    expect(d.verdict).toBe('no-healthy-upstream');
  });

  it('nginx: proxy_pass to a host name that resolves is a host, not an undefined upstream', async () => {
    const app = await start(healthyServer());
    const dns = await start(startDnsServer({ backend: { A: ['127.0.0.1'] } }));
    const d = await diagnoseText('nginx', nginxPassTo(app.address, `http://backend:${app.port}`), { resolvers: [{ host: dns.host, port: dns.port }] });
    expect(d.findings.map((f) => f.cause), summary(d)).not.toContain('config-upstream-undefined');
  });

  it('envoy (documented v3 format; no Envoy runs here): a route to a misspelt cluster names the cluster it likely meant, and where', async () => {
    const app = await start(healthyServer());
    const d = await diagnoseText('envoy', envoyRouteTo('backend_typo', 'backend', app.port));
    const top = first(d);
    expect(top.cause, summary(d)).toBe('config-upstream-undefined');
    const evidence = top.evidence.join('\n');
    expect(evidence, summary(d)).toMatch(/`backend_typo` at \S*envoy\.yaml:17, but no group of that name is defined.* — did you mean `backend`\?/);
    expect(evidence, summary(d)).toMatch(/cluster backend at \S*envoy\.yaml:22/);
  });
});
