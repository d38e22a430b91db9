/**
 * `server`, `server-template`, `dispatch` and `default-server` lines. A server's effective
 * settings are the `default-server` lines in scope (the defaults section's, then the proxy's),
 * then its own line, each later keyword overriding an earlier one (`no-check` cancels `check`,
 * `enabled` cancels `disabled`). Flags are kept as a set, values as written (counts as integers).
 */
import { ConfigError } from '../../errors.js';
import type { ConfigNote, SourceLocation } from '../../model/index.js';
import type { ServerAddress } from './address.js';
import { parseServerAddress } from './address.js';
import type { ScopedStatement } from './inherit.js';
import type { Statement } from './lexer.js';
import { INTEGER_PARAMS, OPPOSITES, PURE_NEGATIONS, SERVER_FLAGS, SERVER_PARAMS } from './keywords.js';

export type ParamValue = string | number;

export interface ServerSettings {
  readonly flags: readonly string[];
  readonly params: Readonly<Record<string, ParamValue>>;
}

export interface DefaultServer extends ServerSettings {
  /** Where the last `default-server` line in scope was written. */
  readonly declaredIn: string;
}

export interface ServerDecl extends ServerSettings {
  /** The server's name; null for a legacy `dispatch` address. */
  readonly name: string | null;
  readonly directive: 'server' | 'server-template' | 'dispatch';
  readonly address: ServerAddress;
  readonly template?: { readonly prefix: string; readonly count: string };
  readonly loc: SourceLocation;
}

const EMPTY: ServerSettings = { flags: [], params: {} };

/** The effective `default-server` of a proxy (undefined when none is in scope). */
export function readDefaultServer(statements: readonly ScopedStatement[], notes: ConfigNote[]): DefaultServer | undefined {
  let settings = EMPTY;
  let declaredIn: string | undefined;
  for (const { st, origin } of statements) {
    if (st.words[0]!.text !== 'default-server') continue;
    settings = applyWords(settings, st, 1, 'default-server', notes);
    declaredIn = origin;
  }
  return declaredIn === undefined ? undefined : { ...settings, declaredIn };
}

/** The proxy's own servers, in file order, with `base` (its default-server) merged in. */
export function readServers(proxyName: string, own: readonly Statement[], base: ServerSettings | undefined, notes: ConfigNote[]): ServerDecl[] {
  const out: ServerDecl[] = [];
  for (const st of own) {
    const keyword = st.words[0]!.text;
    if (keyword === 'server') out.push(serverLine(proxyName, st, base ?? EMPTY, notes));
    else if (keyword === 'server-template') out.push(templateLine(proxyName, st, base ?? EMPTY, notes));
    else if (keyword === 'dispatch') out.push(dispatchLine(st));
  }
  return out;
}

function serverLine(proxy: string, st: Statement, base: ServerSettings, notes: ConfigNote[]): ServerDecl {
  const [name, addr] = [st.words[1], st.words[2]];
  if (!name || !addr) throw new ConfigError('UH_CONFIG_PARSE', `'server' expects <name> and <addr>[:<port>] as arguments`, st.loc);
  const address = addressOf(`server ${proxy}/${name.text}`, addr.text, st, addr.column);
  const settings = applyWords(base, st, 3, `server ${proxy}/${name.text}`, notes);
  return { name: name.text, directive: 'server', address, ...settings, loc: st.loc };
}

function templateLine(proxy: string, st: Statement, base: ServerSettings, notes: ConfigNote[]): ServerDecl {
  const [prefix, count, addr] = [st.words[1], st.words[2], st.words[3]];
  if (!prefix || !count || !addr) {
    throw new ConfigError('UH_CONFIG_PARSE', `'server-template' expects <prefix> <nb | range> <addr>[:<port>] as arguments`, st.loc);
  }
  if (!/^\d+(-\d+)?$/.test(count.text)) {
    throw new ConfigError('UH_CONFIG_PARSE', `'server-template ${proxy}/${prefix.text}' : invalid range '${count.text}' (a number or <from>-<to>)`, { ...st.loc, column: count.column });
  }
  const address = addressOf(`server-template ${proxy}/${prefix.text}`, addr.text, st, addr.column);
  const settings = applyWords(base, st, 4, `server-template ${proxy}/${prefix.text}`, notes);
  return { name: prefix.text, directive: 'server-template', address, template: { prefix: prefix.text, count: count.text }, ...settings, loc: st.loc };
}

function dispatchLine(st: Statement): ServerDecl {
  const addr = st.words[1];
  if (!addr) throw new ConfigError('UH_CONFIG_PARSE', `'dispatch' expects <addr>:<port> as an argument`, st.loc);
  const address = addressOf('dispatch', addr.text, st, addr.column);
  return { name: null, directive: 'dispatch', address, flags: [], params: { directive: 'dispatch' }, loc: st.loc };
}

function addressOf(who: string, text: string, st: Statement, column: number): ServerAddress {
  const address = parseServerAddress(text);
  const port = /:(\d+)$/.exec(text)?.[1];
  if (!address && port !== undefined && Number(port) > 65535) throw new ConfigError('UH_CONFIG_PARSE', `'${who}' : invalid port '${port}'`, { ...st.loc, column });
  if (!address) throw new ConfigError('UH_CONFIG_PARSE', `'${who}' : invalid address: '${text}'`, { ...st.loc, column });
  return address;
}

/** Apply the keywords of `st` from word `from` on top of `base`. */
function applyWords(base: ServerSettings, st: Statement, from: number, who: string, notes: ConfigNote[]): ServerSettings {
  const flags = new Set(base.flags);
  const params: Record<string, ParamValue> = { ...base.params };
  const words = st.words;
  for (let i = from; i < words.length; i++) {
    const kw = words[i]!.text;
    if (SERVER_FLAGS.has(kw)) {
      const cancelled = OPPOSITES[kw];
      if (cancelled !== undefined) flags.delete(cancelled);
      if (!PURE_NEGATIONS.has(kw)) flags.add(kw);
      continue;
    }
    if (SERVER_PARAMS.has(kw)) {
      const value = words[i + 1];
      if (value === undefined) throw new ConfigError('UH_CONFIG_PARSE', `'${who}' : '${kw}' expects a value as argument`, { ...st.loc, column: words[i]!.column });
      params[kw] = INTEGER_PARAMS.has(kw) && /^\d+$/.test(value.text) ? Number(value.text) : value.text;
      i += 1;
      // `source <addr> usesrc <addr>` / `interface <name>`: the rest belongs to `source`.
      while (kw === 'source' && (words[i + 1]?.text === 'usesrc' || words[i + 1]?.text === 'interface') && words[i + 2]) i += 2;
      continue;
    }
    notes.push({ severity: 'warning', message: `'${who}' : unknown keyword '${kw}' (HAProxy refuses the line; uh ignores the keyword)`, loc: { ...st.loc, column: words[i]!.column } });
  }
  return { flags: [...flags], params };
}
