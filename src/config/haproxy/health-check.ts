/**
 * The active check HAProxy runs on servers marked `check`: the last check `option` in scope
 * decides its kind (`httpchk`, `tcp-check`, `ssl-hello-chk`, `redis-check`, `mysql-check`,
 * `pgsql-check`, `ldap-check`, `smtpchk`, `external-check`; none = a TCP connect). `http-check` and
 * `tcp-check` rules of a defaults section apply only when the proxy writes none of its own.
 * Timing comes from the server's `inter`/`fastinter`/`downinter`/`rise`/`fall` (defaults 2s, 2, 3)
 * and `timeout check`. uh probes protocol checks it does not speak with the closest real check and
 * says which in `declared.probedAs`.
 */
import type { ActiveHealthCheck, BodyMatch, ConfigNote, StatusRange } from '../../model/index.js';
import type { ScopedStatement } from './inherit.js';
import { CHECK_OPTIONS } from './keywords.js';
import type { ServerDecl } from './server.js';
import { haproxyMs, optionState } from './settings.js';

const CHECK_TYPE: Readonly<Record<string, string>> = {
  httpchk: 'http', 'tcp-check': 'tcp', 'ssl-hello-chk': 'ssl-hello', 'redis-check': 'redis', 'mysql-check': 'mysql',
  'pgsql-check': 'pgsql', 'ldap-check': 'ldap', smtpchk: 'smtp', 'external-check': 'external', 'spop-check': 'spop',
};

/** What uh probes instead of a protocol-specific check it does not speak. */
const CLOSEST: Readonly<Record<string, string>> = {
  'ssl-hello': 'a TCP connect, then the TLS layer when the server has ssl (HAProxy sends an SSLv3 client hello)',
  redis: 'a TCP connect (HAProxy sends PING and expects +PONG)',
  mysql: 'a TCP connect (HAProxy reads the MySQL handshake)',
  pgsql: 'a TCP connect (HAProxy sends a PostgreSQL startup packet)',
  ldap: 'a TCP connect (HAProxy sends an LDAPv3 anonymous bind)',
  smtp: 'a TCP connect (HAProxy expects a 2xx greeting to HELO)',
  external: 'a TCP connect (HAProxy runs an external command)',
  spop: 'a TCP connect (HAProxy sends an SPOP HELLO)',
};

export const HAPROXY_CHECK_DEFAULTS = { interMs: 2000, rise: 2, fall: 3 } as const;

export interface CheckInputs {
  readonly statements: readonly ScopedStatement[];
  /** Servers with `check` in their effective flags. */
  readonly checked: readonly ServerDecl[];
  readonly timeoutCheck?: string;
  readonly trafficTls: boolean;
  readonly where: string;
}

export function readHealthCheck(input: CheckInputs, notes: ConfigNote[]): ActiveHealthCheck | undefined {
  const first = input.checked[0];
  if (!first) return undefined;
  const kind = checkOption(input.statements);
  const type = kind ? CHECK_TYPE[kind.name]! : 'tcp';
  const httpRules = ownOrInherited(input.statements, 'http-check');
  const tcpRules = ownOrInherited(input.statements, 'tcp-check');
  const http = type === 'http' ? httpRequest(kind!.args, httpRules) : undefined;
  const expect = type === 'http' ? httpExpect(httpRules) : undefined;
  const sequence = type === 'tcp' && kind ? tcpRules.map((s) => s.st.raw.slice('tcp-check'.length).trim()) : undefined;
  const viaSsl = input.trafficTls || first.flags.includes('check-ssl') || (sequence?.some((s) => /^connect\b.*\bssl\b/.test(s)) ?? false);
  const params = first.params;
  const interMs = haproxyMs(params['inter']) ?? HAPROXY_CHECK_DEFAULTS.interMs;
  const checkTimeoutMs = haproxyMs(input.timeoutCheck);
  const port = sharedCheckPort(input.checked);
  const agents = input.checked.filter((s) => s.flags.includes('agent-check'));
  const declared: Record<string, unknown> = {
    type,
    ...(http ?? {}),
    ...(type === 'http' ? { expect: expect?.declared ?? null } : {}),
    ...(sequence && sequence.length > 0 ? { sequence } : {}),
    ...(httpRules.some((s) => s.st.words[1]?.text === 'disable-on-404') ? { disableOn404: true } : {}),
    declaredIn: kind?.origin ?? (first.flags.includes('check') ? 'server' : 'default-server'),
    active: true,
    ...(viaSsl ? { viaSsl: true } : {}),
    ...(agents[0] ? { agent: { port: agents[0].params['agent-port'] ?? null, inter: agents[0].params['agent-inter'] ?? null } } : {}),
    ...(CLOSEST[type] ? { probedAs: CLOSEST[type] } : {}),
  };
  if (CLOSEST[type]) notes.push({ severity: 'info', message: `${input.where}: the ${type} check is probed as ${CLOSEST[type]}`, loc: kind?.loc ?? first.loc });
  const downMs = haproxyMs(params['downinter']);
  return {
    type: type === 'http' ? 'http' : 'tcp',
    ...(http ? { path: http.path, method: http.method } : {}),
    ...(http?.headers?.['host'] !== undefined ? { host: http.headers['host'] } : {}),
    ...(http?.headers && Object.keys(http.headers).length > 0 ? { headers: http.headers } : {}),
    ...(port !== undefined ? { port } : {}),
    intervalMs: interMs,
    timeoutMs: checkTimeoutMs ?? interMs,
    ...(checkTimeoutMs === undefined ? { timeoutFromInterval: true as const } : {}),
    expectStatus: expect?.status ?? [],
    ...(expect?.body ? { expectBody: expect.body } : {}),
    rise: typeof params['rise'] === 'number' ? params['rise'] : HAPROXY_CHECK_DEFAULTS.rise,
    fall: typeof params['fall'] === 'number' ? params['fall'] : HAPROXY_CHECK_DEFAULTS.fall,
    ...(downMs !== undefined ? { unhealthyIntervalMs: downMs } : {}),
    origin: kind ? `haproxy option ${kind.name}` : 'haproxy check (tcp connect)',
    declared,
    loc: kind?.loc ?? first.loc,
  };
}

interface CheckOption { readonly name: string; readonly args: readonly string[]; readonly origin: string; readonly loc: ScopedStatement['st']['loc'] }

/** The last check `option` in scope that is not cancelled by a later `no option` of the same name. */
function checkOption(statements: readonly ScopedStatement[]): CheckOption | undefined {
  for (let i = statements.length - 1; i >= 0; i--) {
    const { st, origin } = statements[i]!;
    const w = st.words.map((x) => x.text);
    if (w[0] === 'option' && CHECK_OPTIONS.has(w[1] ?? '')) {
      if (optionState(statements.slice(i), w[1]!) === false) return undefined;
      return { name: w[1]!, args: w.slice(2), origin, loc: st.loc };
    }
  }
  return undefined;
}

/** The proxy's own `keyword` rules, or the inherited ones when it has none. */
function ownOrInherited(statements: readonly ScopedStatement[], keyword: string): ScopedStatement[] {
  const all = statements.filter((s) => s.st.words[0]!.text === keyword);
  const own = all.filter((s) => s.origin !== 'defaults');
  return own.length > 0 ? own : all;
}

interface HttpRequest { readonly method: string; readonly path: string; readonly version: string; readonly headers?: Record<string, string> }

/** `option httpchk [<method>] [<uri>] [<version>]` (old) or `http-check send meth/uri/ver/hdr` (new). */
function httpRequest(optionArgs: readonly string[], rules: readonly ScopedStatement[]): HttpRequest {
  let method = 'OPTIONS';
  let path = '/';
  let version = 'HTTP/1.0';
  const headers: Record<string, string> = {};
  if (optionArgs.length === 1) path = optionArgs[0]!;
  else if (optionArgs.length >= 2) {
    method = optionArgs[0]!;
    path = optionArgs[1]!;
    if (optionArgs[2] !== undefined) {
      // The old way to add headers: `HTTP/1.1\r\nHost:\ www` inside the version.
      const [v, ...lines] = optionArgs.slice(2).join(' ').split('\r\n');
      version = v!;
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
    }
  }
  for (const { st } of rules) {
    const w = st.words.map((x) => x.text);
    if (w[1] !== 'send') continue;
    for (let i = 2; i < w.length; i++) {
      if (w[i] === 'meth' && w[i + 1]) method = w[++i]!;
      else if (w[i] === 'uri' && w[i + 1]) path = w[++i]!;
      else if (w[i] === 'ver' && w[i + 1]) version = w[++i]!;
      else if (w[i] === 'hdr' && w[i + 1] && w[i + 2] !== undefined) { headers[w[i + 1]!.toLowerCase()] = w[i + 2]!; i += 2; }
      else if ((w[i] === 'body' || w[i] === 'uri-lf' || w[i] === 'body-lf') && w[i + 1]) i++;
    }
  }
  return { method, path, version, ...(Object.keys(headers).length > 0 ? { headers } : {}) };
}

interface HttpExpect { readonly status?: StatusRange[]; readonly body?: BodyMatch; readonly declared: Record<string, string> | null }

/** `http-check expect [options] [!] status|rstatus|string|rstring <pattern>`: the last of each kind. */
function httpExpect(rules: readonly ScopedStatement[]): HttpExpect {
  let status: StatusRange[] | undefined;
  let body: BodyMatch | undefined;
  const declared: Record<string, string> = {};
  for (const { st } of rules) {
    const w = st.words.map((x) => x.text);
    if (w[1] !== 'expect') continue;
    let i = 2;
    while (i < w.length && ['min-recv', 'comment', 'ok-status', 'error-status', 'tout-status', 'on-success', 'on-error', 'status-code'].includes(w[i]!)) i += 2;
    const negated = w[i] === '!';
    if (negated) i++;
    const [match, pattern] = [w[i], w[i + 1]];
    if (match === undefined || pattern === undefined) continue;
    declared[negated ? `!${match}` : match] = pattern;
    if (match === 'status' && !negated) status = statusRanges(pattern);
    else if (match === 'rstatus' && !negated) status = regexStatuses(pattern);
    else if (match === 'string') body = negated ? { kind: 'not-regex', value: escapeRegex(pattern) } : { kind: 'substring', value: pattern };
    else if (match === 'rstring') body = negated ? { kind: 'not-regex', value: pattern } : { kind: 'regex', value: pattern };
  }
  return { ...(status ? { status } : {}), ...(body ? { body } : {}), declared: Object.keys(declared).length > 0 ? declared : null };
}

/** `200`, `200,201`, `200-399` (HAProxy 2.2+ lists and ranges). */
function statusRanges(text: string): StatusRange[] {
  return text.split(',').flatMap((part) => {
    const m = /^(\d{3})(?:-(\d{3}))?$/.exec(part.trim());
    return m ? [{ from: Number(m[1]), to: Number(m[2] ?? m[1]) }] : [];
  });
}

/** `rstatus <regex>`: every status 100–599 the regex accepts, as ranges. */
function regexStatuses(pattern: string): StatusRange[] {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch {
    return [];
  }
  const out: StatusRange[] = [];
  for (let code = 100; code <= 599; code++) {
    if (!re.test(String(code))) continue;
    const last = out[out.length - 1];
    if (last && last.to === code - 1) out[out.length - 1] = { from: last.from, to: code };
    else out.push({ from: code, to: code });
  }
  return out;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The server keyword `port` (the check's port) when every checked server agrees; else each target carries its own. */
function sharedCheckPort(checked: readonly ServerDecl[]): number | undefined {
  const ports = new Set(checked.map((s) => s.params['port']));
  const only = ports.size === 1 ? [...ports][0] : undefined;
  return typeof only === 'number' ? only : undefined;
}
