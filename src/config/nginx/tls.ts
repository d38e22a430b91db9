/**
 * How nginx speaks TLS upstream: `https://`/`grpcs://`/`suwsgi://` in the pass target, or stream
 * `proxy_ssl on`; configured by the family's `*_ssl_*` directives. nginx defaults
 * (ngx_http_proxy_module): `proxy_ssl_verify off`, `proxy_ssl_server_name off` (no SNI sent),
 * `proxy_ssl_name $proxy_host`, `proxy_ssl_protocols TLSv1.2 TLSv1.3` (1.23.4+).
 */
import type { SourceLocation, TlsSettings, TlsVersion } from '../../model/index.js';
import { familyOf } from './timeouts.js';
import type { Scope } from './walk.js';

const TLS_SCHEMES = new Set(['https', 'grpcs', 'suwsgi']);
const VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** Whether a reference makes the gateway speak TLS (scheme, or stream `proxy_ssl on`). */
export function referenceUsesTls(scheme: string | undefined, scope: Scope): boolean {
  if (scope.context === 'stream') return scope.settings.get('proxy_ssl')?.args[0] === 'on';
  return scheme !== undefined && TLS_SCHEMES.has(scheme);
}

/** The family's `*_ssl_*` directives in scope, values as written (`proxy_ssl_verify: 'off'`). */
export function declaredTls(passDirective: string, scope: Scope): Record<string, string> {
  const prefix = `${scope.context === 'stream' ? 'proxy' : familyOf(passDirective)}_ssl_`;
  const out: Record<string, string> = {};
  for (const [name, d] of scope.settings) {
    if (name.startsWith(prefix)) out[name] = d.args.join(' ');
  }
  return out;
}

/** Where `*_ssl_verify` is set for the first reference that sets it (nginx's error names that line). */
export function verifyDirectiveLoc(passDirective: string, scopes: readonly Scope[]): SourceLocation | undefined {
  for (const scope of scopes) {
    const name = `${scope.context === 'stream' ? 'proxy' : familyOf(passDirective)}_ssl_verify`;
    const d = scope.settings.get(name);
    if (d) return d.loc;
  }
  return undefined;
}

/**
 * TlsSettings from declared `*_ssl_*` values. `proxyHost` is nginx's `$proxy_host` (the upstream
 * name or literal host), the default verify name and, with `*_ssl_server_name on`, the SNI.
 */
export function tlsSettings(
  family: string,
  declared: Readonly<Record<string, string>>,
  proxyHost: string,
  alpn: readonly string[],
  loc: SourceLocation,
  verifyLoc?: SourceLocation,
): TlsSettings {
  const get = (suffix: string): string | undefined => declared[`${family}_ssl_${suffix}`];
  const name = get('name') ?? proxyHost;
  const protocols = (get('protocols') ?? 'TLSv1.2 TLSv1.3').split(/\s+/).filter((v): v is TlsVersion =>
    (VERSIONS as readonly string[]).includes(v),
  );
  const sorted = VERSIONS.filter((v) => protocols.includes(v));
  const cert = get('certificate');
  const key = get('certificate_key');
  return {
    ...(get('server_name') === 'on' ? { sni: name } : {}),
    autoSni: false,
    verify: get('verify') === 'on',
    verifyName: name,
    subjectAltNames: [],
    ...(get('trusted_certificate') !== undefined ? { ca: get('trusted_certificate') } : {}),
    // nginx has no default trust store: verify without one is refused at start (ngx_http_proxy_module).
    ...(get('verify') === 'on' && get('trusted_certificate') === undefined
      ? { trustStoreMissing: { directive: `${family}_ssl_verify`, loc: verifyLoc ?? loc } } : {}),
    ...(cert !== undefined || key !== undefined
      ? { clientCert: { ...(cert !== undefined ? { cert } : {}), ...(key !== undefined ? { key } : {}) } }
      : {}),
    ...(sorted.length > 0 ? { minVersion: sorted[0]!, maxVersion: sorted[sorted.length - 1]! } : {}),
    alpn: [...alpn],
    ...(get('ciphers') !== undefined ? { ciphers: get('ciphers') } : {}),
    declared,
    loc,
  };
}
