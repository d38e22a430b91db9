/**
 * nginx addresses as `server` lines and `*_pass` targets write them (ngx_parse_url): `host`,
 * `host:port`, `[v6]:port`, `unix:/path`, and for `*_pass` an optional `scheme://` and URI.
 * Template placeholders (`${S3_UPSTREAM}`, `{{ port }}`) are kept verbatim, never rejected: the
 * file is read as written, and a placeholder port becomes `portText`.
 */

export interface Address {
  /** Host name or IP literal (IPv6 without brackets); for unix sockets, the socket path. */
  readonly host: string;
  readonly port?: number;
  readonly portText?: string;
  readonly socket: 'inet' | 'unix';
}

export interface PassTarget extends Address {
  /** Lower-case scheme when written (`http`, `https`, `grpc`, `grpcs`, `uwsgi`, `suwsgi`). */
  readonly scheme?: string;
  /** The authority as written (`unix:/path`, `[::1]:80`, `name`). */
  readonly authority: string;
  /** Everything after the authority (`/api/`, `?x`), '' when none. */
  readonly uri: string;
}

/** `host[:port]`, `[v6][:port]`, `unix:/path` (no scheme, no URI): a `server` line's address. */
export function parseAddress(text: string): Address {
  if (text.startsWith('unix:')) return { host: text.slice('unix:'.length), socket: 'unix' };
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) return withPort(bracketed[1]!, bracketed[2]);
  const colons = (text.match(/:/g) ?? []).length;
  if (colons === 1 && !text.includes('${')) {
    const i = text.lastIndexOf(':');
    return withPort(text.slice(0, i), text.slice(i + 1));
  }
  const templ = /^(\$\{[^}]*\}):(.+)$/.exec(text);
  if (templ) return withPort(templ[1]!, templ[2]);
  return { host: text, socket: 'inet' };
}

function withPort(host: string, port: string | undefined): Address {
  if (port === undefined || port === '') return { host, socket: 'inet' };
  if (/^\d+$/.test(port)) return { host, port: Number(port), socket: 'inet' };
  return { host, portText: port, socket: 'inet' };
}

/** `[scheme://]authority[uri]` as written in `proxy_pass`, `grpc_pass`, `fastcgi_pass`, ... */
export function parsePassTarget(text: string): PassTarget {
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  const scheme = schemeMatch?.[1]?.toLowerCase();
  const rest = schemeMatch ? text.slice(schemeMatch[0].length) : text;
  const [authority, uri] = splitAuthority(rest);
  return { ...parseAddress(authority), ...(scheme ? { scheme } : {}), authority, uri };
}

function splitAuthority(rest: string): [string, string] {
  if (rest.startsWith('unix:')) {
    // nginx: `unix:/path/to.sock:/uri` — the socket path ends at the next ':'.
    const colon = rest.indexOf(':', 'unix:'.length);
    return colon < 0 ? [rest, ''] : [rest.slice(0, colon), rest.slice(colon + 1)];
  }
  const end = rest.search(/[/?]/);
  return end < 0 ? [rest, ''] : [rest.slice(0, end), rest.slice(end)];
}
