import type { CertPreset } from '../../src/pki/certs.js';
import { certPreset } from '../../src/pki/certs.js';
import { healthyServer } from '../../src/demo/faults/http-servers.js';
import type { RunningFault } from '../../src/demo/faults/types.js';
import type { TlsServerOptions } from '../../src/demo/faults/tls-servers.js';
import { startTlsServer } from '../../src/demo/faults/tls-servers.js';
import type { FaultCase, UpstreamSpec } from './harness.js';
import { defineCases } from './harness.js';

const ALL = ['uh', 'nginx', 'envoy', 'haproxy'] as const;

/** Two TLS servers with the same fault; the gateway verifies against the test CA with SNI `localhost`. */
function tlsPair(options: TlsServerOptions, tls: UpstreamSpec['tls'] = { sni: 'localhost' }) {
  return async (servers: RunningFault[]): Promise<UpstreamSpec> => {
    const started = await Promise.all([startTlsServer(options), startTlsServer(options)]);
    servers.push(...started);
    return { addresses: started.map((s) => s.address), tls: { caPem: started[0]!.caPem, ...tls } };
  };
}

const preset = (cert: CertPreset): TlsServerOptions => ({ cert: certPreset(cert) });

const cases: FaultCase[] = [
  { cause: 'tls-cert-expired', formats: ALL, evidence: /expired/i, severity: 'critical', start: tlsPair(preset('expired')) },
  // nginx's default `proxy_ssl_verify off`: the gateway still connects, so the expiry is a risk, not an outage.
  {
    cause: 'tls-cert-expired', label: 'behind verify off: a warning', formats: ['nginx', 'uh', 'haproxy'], evidence: /expired/i,
    severity: 'warning', present: true,
    start: tlsPair(preset('expired'), { sni: 'localhost', verify: false }),
  },
  { cause: 'tls-cert-not-yet-valid', formats: ALL, evidence: /not (yet )?valid|notBefore|valid from/i, start: tlsPair(preset('not-yet-valid')) },
  { cause: 'tls-cert-expiring', formats: ALL, evidence: /expires|days/i, start: tlsPair(preset('expiring-soon')) },
  { cause: 'tls-hostname-mismatch', formats: ALL, evidence: /localhost/, start: tlsPair(preset('wrong-host')) },
  { cause: 'tls-untrusted', formats: ALL, evidence: /self[- ]signed|untrusted|unknown|issuer/i, start: tlsPair(preset('self-signed')) },
  { cause: 'tls-chain-incomplete', formats: ALL, evidence: /intermediate|chain|first certificate/i, start: tlsPair(preset('missing-intermediate')) },
  // The server has a certificate only for SNI `localhost`; nginx (proxy_ssl_server_name off, its default) and
  // Envoy (no sni, no auto_sni) send none; nor does HAProxy with `verifyhost` and no `sni`.
  {
    cause: 'tls-sni-required', formats: ['nginx', 'envoy', 'haproxy'], evidence: /with SNI localhost succeeds/, hostsLines: ['127.0.0.1 localhost'],
    start: async (servers) => {
      const spec = await tlsPair({ requireSni: 'localhost' }, { verifyName: 'localhost' })(servers);
      return { ...spec, addresses: spec.addresses.map((a) => a.replace('127.0.0.1', 'localhost')) };
    },
  },
  { cause: 'tls-client-cert-required', formats: ALL, evidence: /client certificate|certificate_required|mTLS/i, start: tlsPair({ requestClientCert: true }) },
  {
    cause: 'tls-version-mismatch', formats: ALL, evidence: /version|protocol/i,
    start: tlsPair({ maxVersion: 'TLSv1.2' }, { sni: 'localhost', minVersion: 'TLSv1.3' }),
  },
  {
    cause: 'tls-to-plaintext', formats: ALL, evidence: /plain|HTTP|wrong version/i,
    start: async (servers) => {
      const plain = await Promise.all([healthyServer(), healthyServer()]);
      servers.push(...plain);
      return { addresses: plain.map((s) => s.address), tls: { caPem: certPreset('valid').caPem, sni: 'localhost' } };
    },
  },
  {
    cause: 'plaintext-to-tls', formats: ALL, evidence: /TLS/,
    start: async (servers) => {
      const secure = await Promise.all([startTlsServer(), startTlsServer()]);
      servers.push(...secure);
      return { addresses: secure.map((s) => s.address) };
    },
  },
];

defineCases('e2e: the tls layer (the gateway verifies, as configured)', cases);
