/**
 * What HAProxy does for TLS to a server with `ssl`: it verifies the chain unless `verify none`
 * (or global `ssl-server-verify none`); it sends SNI only with `sni <expr>`; it checks the name
 * only against `verifyhost`, else against the SNI it sent — with neither, any name passes.
 * `ca-file @system-ca` is the system's store. Values are recorded as written in `declared`.
 */
import { posix } from 'node:path';
import type { ConfigNote, SourceLocation, TlsSettings, TlsVersion } from '../../model/index.js';
import type { GlobalSettings } from './global.js';
import type { ServerDecl } from './server.js';

const TLS_PARAMS = ['verify', 'ca-file', 'sni', 'verifyhost', 'alpn', 'crt', 'ssl-min-ver', 'ssl-max-ver', 'ciphers', 'ciphersuites', 'crl-file', 'npn', 'check-sni'];
const VERSIONS: Readonly<Record<string, TlsVersion>> = { 'SSLv3': 'TLSv1', 'TLSv1.0': 'TLSv1', 'TLSv1.1': 'TLSv1.1', 'TLSv1.2': 'TLSv1.2', 'TLSv1.3': 'TLSv1.3' };

export function tlsOf(server: ServerDecl, global: GlobalSettings, where: string, notes: ConfigNote[]): TlsSettings | undefined {
  if (!server.flags.includes('ssl')) return undefined;
  const p = server.params;
  const str = (k: string): string | undefined => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
  const verify = (str('verify') ?? global.sslServerVerify) !== 'none';
  const sni = sniLiteral(str('sni'), where, server.loc, notes);
  const verifyhost = server.flags.includes('no-verifyhost') ? undefined : str('verifyhost');
  const ca = str('ca-file');
  const crt = str('crt');
  const min = str('ssl-min-ver');
  const max = str('ssl-max-ver');
  const declared: Record<string, unknown> = {};
  for (const k of TLS_PARAMS) if (p[k] !== undefined) declared[k] = p[k];
  return {
    ...(sni !== undefined ? { sni } : {}),
    autoSni: false,
    verify,
    ...(verifyhost ?? sni ? { verifyName: verifyhost ?? sni } : {}),
    ...(verifyhost === undefined && sni === undefined ? { verifyHostname: false } : {}),
    subjectAltNames: [],
    ...(ca !== undefined && ca !== '@system-ca' ? { ca: based(ca, global.caBase) } : {}),
    ...(crt !== undefined ? { clientCert: { cert: based(crt, global.crtBase) } } : {}),
    ...(min !== undefined && VERSIONS[min] ? { minVersion: VERSIONS[min] } : {}),
    ...(max !== undefined && VERSIONS[max] ? { maxVersion: VERSIONS[max] } : {}),
    alpn: str('alpn')?.split(',').filter((a) => a !== '') ?? [],
    ...(str('ciphers') !== undefined ? { ciphers: str('ciphers')! } : {}),
    declared,
    loc: server.loc,
  };
}

/** `sni str(name)` is a literal; any other sample expression is decided per request. */
function sniLiteral(expr: string | undefined, where: string, loc: SourceLocation, notes: ConfigNote[]): string | undefined {
  if (expr === undefined) return undefined;
  const literal = /^str\((.*)\)$/.exec(expr);
  if (literal) return literal[1];
  notes.push({ severity: 'info', message: `${where}: sni ${expr} is decided per request; uh sends no SNI`, loc });
  return undefined;
}

function based(file: string, base: string | undefined): string {
  return base !== undefined && !file.startsWith('/') ? posix.join(base, file) : file;
}
