/**
 * What one nginx read may spend, shared by the main file and every include (limits.ts): tokens,
 * and characters of text (the same file included a thousand times is read a thousand times, as
 * nginx does). Crossing either is a ConfigError at the token or include that crossed it.
 */
import { ConfigError } from '../../errors.js';
import type { SourceLocation } from '../../model/index.js';
import { MAX_NGINX_INCLUDED_CHARS, MAX_NGINX_TOKENS } from '../limits.js';

export class ReadBudget {
  #tokensLeft = MAX_NGINX_TOKENS;
  #charsLeft = MAX_NGINX_INCLUDED_CHARS;

  /** One more token, read at `loc`. */
  token(loc: SourceLocation): void {
    if (--this.#tokensLeft >= 0) return;
    throw new ConfigError('UH_CONFIG_PARSE', `more than ${MAX_NGINX_TOKENS.toLocaleString('en-US')} tokens in this config and its includes: more than uh reads`, loc);
  }

  /** The text of one more file, asked for at `loc` (an include line, or the start of the main file). */
  text(length: number, loc: SourceLocation): void {
    this.#charsLeft -= length;
    if (this.#charsLeft >= 0) return;
    const mib = MAX_NGINX_INCLUDED_CHARS / 1024 / 1024;
    throw new ConfigError('UH_CONFIG_PARSE', `the config and its includes add up to more than ${mib} MB of text: more than uh reads`, loc);
  }
}
