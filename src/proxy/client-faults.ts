import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ProxyErrorBody } from './errors-body.js';
import { ERROR_STATUS, sendProxyError } from './errors-body.js';
import type { HeadFacts } from './forward.js';

/**
 * Requests uh cannot forward because of the request itself. They are answered here, before a
 * target is picked, so they never reach a target's counters: passive ejection, the breaker and
 * the retry budget see only what targets did (a client must not be able to eject a healthy target).
 * node:http already refuses what its parser refuses (control characters, bad methods, two
 * Content-Length fields); this covers what it lets through and undici would then refuse.
 */
export interface ClientFault {
  readonly error: 'bad_request' | 'method_not_allowed';
  readonly reason: string;
}

/** Methods uh forwards; CONNECT (a tunnel to an arbitrary host) is not one: 405 with this list. */
export const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE';

/** The first fault of a request head, or undefined when it can be forwarded. */
export function requestFault(head: HeadFacts): ClientFault | undefined {
  if (head.hosts > 1) return { error: 'bad_request', reason: `${head.hosts} Host header fields: a request names one host (RFC 9112 §3.2)` };
  return undefined;
}

/** The fault undici names when it refuses to build the upstream request from what the client sent. */
export function refusedByClient(err: Error): ClientFault {
  return { error: 'bad_request', reason: `uh cannot forward this request as sent: ${err.message}` };
}

/** Why node:http's parser rejected a request head, in words a client can act on (llhttp codes). */
const PARSE_REASONS: Readonly<Record<string, string>> = {
  HPE_HEADER_OVERFLOW: 'request head too large',
  ERR_HTTP_REQUEST_TIMEOUT: 'request not received in time',
  ERR_HTTP_HEADERS_TIMEOUT: 'request head not received in time',
  HPE_INVALID_HEADER_TOKEN: 'invalid character in a header name or value',
  HPE_INVALID_METHOD: 'unknown or malformed method',
  HPE_INVALID_URL: 'malformed request target',
  HPE_INVALID_VERSION: 'malformed HTTP version',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Content-Length given twice or together with Transfer-Encoding',
  HPE_INVALID_TRANSFER_ENCODING: 'invalid Transfer-Encoding',
  HPE_INVALID_CONTENT_LENGTH: 'invalid Content-Length',
  HPE_INVALID_CHUNK_SIZE: 'invalid chunk size in a chunked body',
};

/** Status for a parse error: 431 oversized head, 408 slow client, 400 for the rest. */
function parseErrorStatus(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'ERR_HTTP_HEADERS_TIMEOUT') return 408;
  return 400;
}

/**
 * A request node:http could not parse: the status and a JSON reason, then close. A reset socket
 * is just closed. Never an exception.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  // A parse error can also come mid-body (a client that half-closes its upload); if that request's
  // answer has started, another status line would corrupt it (node:http's own default does the same).
  const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (err.code === 'ECONNRESET' || !socket.writable || answering) {
    socket.destroy();
    return;
  }
  const reason = (err.code ? PARSE_REASONS[err.code] : undefined) ?? 'malformed request';
  writeRaw(socket, parseErrorStatus(err.code), { error: 'bad_request', requestId: randomUUID(), reason });
}

/** An `Expect` other than 100-continue (node:http's `checkExpectation`): 417, as RFC 9110 §10.1.1 says, with why. */
export function answerExpectation(req: IncomingMessage, res: ServerResponse): void {
  res.shouldKeepAlive = false;
  sendProxyError(res, { error: 'expectation_failed', requestId: randomUUID(), reason: 'uh understands only Expect: 100-continue' });
  req.resume();
}

/** CONNECT: uh is a reverse proxy, not a tunnel to anywhere. 405 with the methods it forwards. */
export function answerConnect(socket: Duplex): void {
  socket.on('error', () => socket.destroy());
  writeRaw(socket, ERROR_STATUS.method_not_allowed, {
    error: 'method_not_allowed',
    requestId: randomUUID(),
    reason: 'CONNECT (a tunnel) is not forwarded: uh is a reverse proxy',
  }, `allow: ${ALLOWED_METHODS}\r\n`);
}

/** A whole answer on a socket node:http no longer manages (parse errors, CONNECT), then close. */
function writeRaw(socket: Duplex, status: number, body: ProxyErrorBody, extraHeaders = ''): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\n` +
      `x-request-id: ${body.requestId}\r\n${extraHeaders}connection: close\r\n\r\n${text}`,
  );
}
