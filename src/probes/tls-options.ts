/**
 * The gateway's TLS client, as data: which SNI it sends, which name it verifies, which trust
 * store, versions, ALPN and client certificate it uses. Probing "the way the gateway would"
 * (CONTRACT §1) starts here: nginx sends no SNI unless `proxy_ssl_server_name on`, Envoy sends
 * one with `sni`/`auto_sni`, uh sends the target's host by default.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecureVersion } from 'node:tls';
import type { TlsSettings } from '../model/index.js';
import { isIpLiteral } from '../model/index.js';
import type { ProbeTarget } from './types.js';

export interface GatewayTlsView {
  /** SNI sent; undefined = none (never an IP literal: RFC 6066 §3). */
  readonly servername?: string;
  /** The name the certificate must cover. */
  readonly verifyName: string;
  readonly verify: boolean;
  /** False where the gateway checks the chain but not the name (Envoy: trusted_ca without SAN matchers). */
  readonly verifyHostname: boolean;
  /** Trust store PEMs; undefined = the system's (Node's bundled roots). */
  readonly ca?: readonly string[];
  /** `system`, the CA file path, or `inline` — for evidence lines. */
  readonly caSource: string;
  readonly cert?: string;
  readonly key?: string;
  readonly minVersion?: SecureVersion;
  readonly maxVersion?: SecureVersion;
  readonly alpn: readonly string[];
  readonly ciphers?: string;
  /** Envoy `match_subject_alt_names`, as written. */
  readonly subjectAltNames: readonly string[];
}

/** Config paths are relative to the config file that named them. */
function resolveConfigPath(file: string, settings: TlsSettings): string {
  return path.isAbsolute(file) ? file : path.resolve(path.dirname(settings.loc.file), file);
}

async function readPem(file: string, settings: TlsSettings, what: string): Promise<string> {
  const full = resolveConfigPath(file, settings);
  try {
    return await readFile(full, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    throw new TlsConfigReadError(`cannot read the ${what} ${full}: ${code}`);
  }
}

/** A file the gateway's TLS settings name cannot be read: the probe cannot act as the gateway. */
export class TlsConfigReadError extends Error {
  override name = 'TlsConfigReadError';
}

/** The SNI the gateway sends for this target. */
export function gatewaySni(target: ProbeTarget, settings: TlsSettings): string | undefined {
  const name = settings.sni ?? (settings.autoSni ? target.host : undefined);
  return name !== undefined && !isIpLiteral(name) && target.target.socket !== 'unix' ? name : undefined;
}

/** Build the gateway's view; throws TlsConfigReadError when a named file cannot be read. */
export async function gatewayTlsView(target: ProbeTarget, settings: TlsSettings): Promise<GatewayTlsView> {
  const servername = gatewaySni(target, settings);
  let ca: string[] | undefined;
  let caSource = 'system';
  if (settings.caInline) {
    ca = [settings.caInline];
    caSource = 'inline';
  } else if (settings.ca) {
    ca = [await readPem(settings.ca, settings, 'trust store (CA file)')];
    caSource = settings.ca;
  }
  const client = settings.clientCert;
  const cert = client?.cert ? await readPem(client.cert, settings, 'client certificate') : undefined;
  const key = client?.key ? await readPem(client.key, settings, 'client key') : undefined;
  return {
    ...(servername !== undefined ? { servername } : {}),
    verifyName: settings.verifyName ?? settings.sni ?? target.host,
    verify: settings.verify,
    verifyHostname: settings.verify && settings.verifyHostname !== false,
    ...(ca ? { ca } : {}),
    caSource,
    ...(cert !== undefined ? { cert } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(settings.minVersion ? { minVersion: settings.minVersion } : {}),
    ...(settings.maxVersion ? { maxVersion: settings.maxVersion } : {}),
    alpn: settings.alpn,
    ...(settings.ciphers ? { ciphers: settings.ciphers } : {}),
    subjectAltNames: settings.subjectAltNames,
  };
}
