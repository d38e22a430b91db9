/**
 * Configs of gateways uh does not read (yet), recognised so the user hears what the file is and
 * what uh reads instead of a parser's "unexpected ':'". One function per gateway, each returning
 * the line that gave it away: when a reader for one is added, its detector moves into
 * detect-format.ts as a format and its entry here goes (as HAProxy's did: config/haproxy/detect.ts).
 */

export interface ForeignEvidence {
  /** What the file is, for the message ("an HAProxy config"). */
  readonly what: string;
  /** 1-based line that identified it, and why. */
  readonly line: number;
  readonly why: string;
}

const CADDY_DIRECTIVES = /^\s*(reverse_proxy|file_server|php_fastcgi|respond|redir|encode|handle_path|handle|route|root|import|basicauth|tls\s+(internal|\S+@\S+))\b[^;]*$/;

/** A Caddyfile: Caddy directives or site addresses (`:8080 {`, `example.com {`) and no line ending in `;`. */
export function caddyEvidence(sample: string): ForeignEvidence | undefined {
  const lines = sample.split('\n');
  if (lines.some((l) => /;\s*(#.*)?$/.test(l))) return undefined;
  const site = lines.findIndex((l) => /^(:\d+|localhost(:\d+)?|https?:\/\/\S+|[\w-]+(\.[\w-]+)+(:\d+)?|\*\.[\w.-]+)(\s*,?\s+\S+)*\s*\{?\s*$/.test(l) && !/^[\w-]+\s*\{/.test(l));
  const directive = lines.findIndex((l) => CADDY_DIRECTIVES.test(l));
  if (directive < 0 && site < 0) return undefined;
  if (directive < 0 && !lines.some((l) => /^\S.*\{\s*$/.test(l))) return undefined;
  const at = directive >= 0 ? directive : site;
  return { what: 'a Caddyfile', line: at + 1, why: `"${lines[at]!.trim()}" is Caddyfile syntax` };
}

/** Caddy's JSON config (`caddy adapt` output): an `apps` object at the top. */
export function caddyJsonEvidence(keys: readonly string[]): ForeignEvidence | undefined {
  return keys.includes('apps') ? { what: 'a Caddy JSON config', line: 1, why: 'the top-level "apps" key is Caddy\'s' } : undefined;
}

/** Traefik static or dynamic config, YAML (`entryPoints:`, `http: routers/services`) or TOML (`[entryPoints]`, `[http.services…]`). */
export function traefikEvidence(sample: string): ForeignEvidence | undefined {
  const lines = sample.split('\n');
  const toml = lines.findIndex((l) => /^\s*\[\[?(entryPoints|providers|http\.(routers|services|middlewares)|tcp\.(routers|services)|serversTransport)\b[^\]]*\]\]?\s*$/.test(l));
  if (toml >= 0) return { what: 'a Traefik config (TOML)', line: toml + 1, why: `"${lines[toml]!.trim()}" is a Traefik section` };
  const yaml = lines.findIndex((l) => /^(entryPoints|providers|certificatesResolvers)\s*:/.test(l));
  if (yaml >= 0) return { what: 'a Traefik config (YAML)', line: yaml + 1, why: `"${lines[yaml]!.trim()}" is a Traefik key` };
  const http = lines.findIndex((l) => /^(http|tcp|udp)\s*:\s*$/.test(l));
  if (http >= 0 && lines.slice(http + 1).some((l) => /^\s+(routers|services|middlewares)\s*:/.test(l))) {
    return { what: 'a Traefik dynamic config (YAML)', line: http + 1, why: `"${lines[http]!.trim()}" with routers/services is Traefik's` };
  }
  return undefined;
}

/** The first foreign gateway the text is recognisably written for; YAML/JSON keys decide before text patterns. */
export function foreignEvidence(sample: string, keys: readonly string[]): ForeignEvidence | undefined {
  return caddyJsonEvidence(keys) ?? traefikEvidence(sample) ?? caddyEvidence(sample);
}
