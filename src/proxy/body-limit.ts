import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TransformCallback } from 'node:stream';
import { Transform } from 'node:stream';
import { sendProxyError } from './errors-body.js';

/**
 * A streamed (chunked) request body grew past `maxBodyBytes`. The client's fault, never the
 * target's: the exchange answers 413 instead of classifying it as an upstream failure.
 */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  readonly code = 'UH_BODY_TOO_LARGE';
  readonly limit: number;
  constructor(limit: number) {
    super(`request body over ${limit} bytes`);
    this.limit = limit;
  }
}

/**
 * A request body without Content-Length, counted as it is forwarded. The chunk that crosses
 * `limit` is not passed on (the target gets at most `limit` bytes); the stream fails with
 * `BodyTooLargeError` instead, which makes undici abort the attempt.
 *
 * The source is piped in only on the first read: a request answered without dispatching (503,
 * no target) leaves the body untouched, so node:http still discards it and keeps the connection.
 */
export class BodyLimit extends Transform {
  readonly #source: IncomingMessage;
  readonly #limit: number;
  #seen = 0;
  #piped = false;
  #exceeded = false;

  constructor(source: IncomingMessage, limit: number) {
    super();
    this.#source = source;
    this.#limit = limit;
    // undici listens for 'error' while it reads; this one keeps a late error (after undici let go)
    // from being an uncaught exception that takes the whole proxy down.
    this.on('error', ignore);
  }

  override _read(size: number): void {
    if (!this.#piped) {
      this.#piped = true;
      this.#source.pipe(this);
      // pipe() does not forward errors: a client that goes away ends the upload too (undici sees
      // a premature close and aborts the attempt).
      this.#source.once('error', () => this.destroy());
    }
    super._read(size);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#seen <= this.#limit) return done(null, chunk);
    this.#exceeded = true;
    // Read and drop the rest until the 413 is out and node:http closes the connection: a client
    // blocked on a full window might not read the answer, and unread bytes at close() make a RST.
    this.#source.unpipe(this);
    this.#source.resume();
    done(new BodyTooLargeError(this.#limit));
  }

  override _destroy(err: Error | null, done: (error: Error | null) => void): void {
    // undici destroys its body when the attempt ends. For an upload cut short by the target that
    // means dropping the client's connection, as when the request itself was the body; never for
    // our own refusal, whose 413 still has to reach the client.
    if (!this.#exceeded && !this.#source.complete) this.#source.destroy();
    done(err);
  }
}

function ignore(): void {}

/**
 * Refuse an oversized body: 413 `payload_too_large` and `connection: close` (the rest of the
 * body is unread), or, when an answer is already under way, cut it. True when the 413 was sent.
 */
export function refuseTooLarge(res: ServerResponse, requestId: string): boolean {
  if (res.headersSent) {
    res.destroy();
    return false;
  }
  res.shouldKeepAlive = false;
  sendProxyError(res, { error: 'payload_too_large', requestId });
  return true;
}
