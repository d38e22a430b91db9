import type { IncomingHttpHeaders } from 'node:http';
import type { StickyPolicy } from '../model/index.js';
import { cookieValue } from './balancer/consistent-hash.js';

/** Bound on remembered sessions: oldest forgotten first, so a client minting ids cannot grow memory. */
const MAX_SESSIONS = 100_000;

/** Response header uh adds when a pinned session's target is gone and the request went elsewhere. */
export const SESSION_HEADER = 'x-uh-session';

interface Pin {
  /** The target's address: pins survive a reload that rebuilds target states. */
  readonly address: string;
  expires: number;
}

/**
 * Session affinity the upstream decides. An MCP server (Streamable HTTP transport) assigns
 * `Mcp-Session-Id` in its answer to `initialize` and keeps that session's state in its own memory,
 * so every later request with that id must reach the same instance; a hash cannot know which one
 * issued it. uh learns the id from the response (header, or `cookie:NAME` from Set-Cookie), pins
 * later requests carrying it, and forgets idle sessions after the TTL.
 */
export class SessionTable {
  readonly #header: string | undefined;
  readonly #cookie: string | undefined;
  readonly #ttlMs: number;
  readonly #pins = new Map<string, Pin>();

  constructor(policy: StickyPolicy) {
    const learn = policy.learn.trim();
    if (learn.toLowerCase().startsWith('cookie:')) this.#cookie = learn.slice('cookie:'.length).trim();
    else this.#header = learn.toLowerCase();
    this.#ttlMs = policy.ttlMs;
  }

  get size(): number {
    return this.#pins.size;
  }

  /** The session id a request carries, if any. */
  sessionOf(headers: IncomingHttpHeaders): string | undefined {
    if (this.#header) {
      const v = headers[this.#header];
      return Array.isArray(v) ? v[0] : v;
    }
    return cookieValue(headers.cookie, this.#cookie!);
  }

  /** The pinned target address for a session id (refreshing its idle TTL), or undefined when unknown/expired. */
  lookup(id: string, now: number): string | undefined {
    const pin = this.#pins.get(id);
    if (!pin) return undefined;
    if (pin.expires <= now) {
      this.#pins.delete(id);
      return undefined;
    }
    pin.expires = now + this.#ttlMs;
    return pin.address;
  }

  forget(id: string): void {
    this.#pins.delete(id);
  }

  /** Learn from an upstream response's raw headers (name/value pairs) which target owns which id. */
  learn(rawHeaders: readonly string[], address: string, now: number): void {
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!.toLowerCase();
      let id: string | undefined;
      if (this.#header && name === this.#header) id = rawHeaders[i + 1];
      else if (this.#cookie && name === 'set-cookie') id = setCookieValue(rawHeaders[i + 1]!, this.#cookie);
      if (id) this.#remember(id, address, now);
    }
  }


  #remember(id: string, address: string, now: number): void {
    this.#pins.delete(id);
    this.#pins.set(id, { address, expires: now + this.#ttlMs });
    if (this.#pins.size > MAX_SESSIONS) this.#pins.delete(this.#pins.keys().next().value!);
  }
}

/** `NAME=value; Path=/...` → value, when the cookie is NAME (RFC 6265 §4.1). */
function setCookieValue(header: string, name: string): string | undefined {
  const first = header.split(';', 1)[0]!;
  const eq = first.indexOf('=');
  return eq > 0 && first.slice(0, eq).trim() === name ? first.slice(eq + 1).trim() : undefined;
}
