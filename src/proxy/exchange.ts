import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { PickInput } from './balancer/types.js';
import { BodyTooLargeError, refuseTooLarge } from './body-limit.js';
import { refusedByClient } from './client-faults.js';
import type { ClassifiedFailure } from './classify.js';
import { classifyFailure } from './classify.js';
import { sendProxyError } from './errors-body.js';
import { clientResponseHeaders, upstreamRequestHeaders } from './forward.js';
import type { GroupRuntime } from './group-runtime.js';
import type { ProxyLog } from './log.js';
import { noHealthyUpstreamBody, retryAfterSeconds, sendNoHealthyUpstream } from './no-healthy-upstream.js';
import type { AttemptOutcome } from './retry.js';
import { parseRetryAfter, retryDelay, shouldRetry } from './retry.js';
import { SESSION_HEADER } from './sticky.js';
import type { TargetState } from './target-state.js';

/** Wait for response headers at most this long when the config sets no timeout. */
const DEFAULT_TRY_TIMEOUT_MS = 60_000;
/** Idle time between two body chunks when the config sets no read timeout (SSE streams idle long). */
const DEFAULT_BODY_TIMEOUT_MS = 300_000;

export interface ExchangeInit {
  readonly runtime: GroupRuntime;
  readonly log: ProxyLog;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly requestId: string;
  readonly hasRequestId: boolean;
  readonly clientIp: string;
  /** Loopback client or `explain: full`: error bodies carry the topology. */
  readonly full: boolean;
  /** null (no body), the whole body (replayable), or the request stream (maybe counted: body-limit.ts). */
  readonly body: Buffer | Readable | null;
  readonly route: string;
}

/**
 * One client request through the proxy: pick a target (pinned session first), dispatch with
 * undici, stream the answer back, and on failure consult the pure retry policy. The object is
 * its own undici handler and its own PickInput, so a request allocates one object, not closures.
 */
export class Exchange implements PickInput, Dispatcher.DispatchHandler {
  readonly clientIp: string;
  exclude: Set<TargetState> | undefined;
  readonly #i: ExchangeInit;
  readonly #started = performance.now();
  readonly #deadline: number;
  readonly #upstreamHeaders: string[];
  #target: TargetState | undefined;
  #retries = 0;
  /** Retries after a request was sent (the ones `attempts` and the budget limit). */
  #sentRetries = 0;
  /** The last retry decision was yes but the budget had no slot. */
  #budgetFull = false;
  /** Set while waiting for a budget slot: leaves the queue (the client went away). */
  #leaveQueue: (() => void) | undefined;
  /** Attempts actually dispatched (a retry that found no target is not one). */
  #attempts = 0;
  /** A retry slot was taken for the next attempt / is held by the current one. */
  #nextIsRetry = false;
  #attemptHoldsSlot = false;
  #discard = false;
  #pendingRetry: AttemptOutcome | undefined;
  #lastFailure: ClassifiedFailure | undefined;
  #abort: ((err?: Error) => void) | undefined;
  #resume: (() => void) | undefined;
  #sessionId: string | undefined;
  #sessionLost = false;
  /** The target this request's session is pinned to (if it was used). */
  #pinned: TargetState | undefined;
  #status = 0;
  /** The answer's Content-Length (-1 when none): a body that arrives whole is held for `res.end(body)`. */
  #bodyLength = -1;
  #wholeBody: Buffer | undefined;
  #done = false;
  #clientGone = false;
  /** Inside `pool.dispatch()`: an error now is undici refusing to build the request, before any I/O. */
  #dispatching = false;

  constructor(init: ExchangeInit) {
    this.#i = init;
    this.clientIp = init.clientIp;
    this.exclude = undefined;
    const requestMs = init.runtime.group.timeouts.requestMs;
    this.#deadline = requestMs === undefined ? Infinity : Date.now() + requestMs;
    this.#upstreamHeaders = upstreamRequestHeaders(init.req, init.clientIp, init.requestId, init.hasRequestId);
    init.res.on('close', this.#onClientClose);
  }

  /** Parsed lazily by node:http: only hash balancing and sticky sessions read it. */
  get headers(): IncomingHttpHeaders {
    return this.#i.req.headers;
  }

  start(): void {
    const { runtime } = this.#i;
    if (runtime.budget.active >= runtime.maxActive) return this.#overloaded();
    runtime.budget.active++;
    this.#attempt();
  }

  // ---- undici DispatchHandler (legacy callbacks: raw header buffers, boolean back-pressure) ----

  onConnect(abort: (err?: Error) => void): void {
    this.#abort = abort;
    if (this.#clientGone) abort();
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    const { runtime, res } = this.#i;
    if (statusCode < 200) return this.#informational(statusCode, rawHeaders);
    const t = this.#target!;
    const now = Date.now();
    this.#resume = resume;
    runtime.recordStatus(t, statusCode, now);
    t.countStatus(statusCode);
    const headers = clientResponseHeaders(rawHeaders);
    if (runtime.retryStatuses.has(statusCode) && this.#wantsRetry({ kind: 'status', status: statusCode, retryAfterMs: retryAfterOf(headers, now) })) {
      this.#discard = true;
      return true;
    }
    runtime.sessions?.learn(headers, t.address, now);
    headers.push('x-request-id', this.#i.requestId);
    if (this.#sessionLost) headers.push(SESSION_HEADER, 'lost');
    this.#status = statusCode;
    this.#bodyLength = declaredLength(headers);
    try {
      res.writeHead(statusCode, headers);
    } catch (err) {
      // A field node:http refuses to send (invalid characters): the answer cannot be relayed as is.
      this.#abort?.(err as Error);
      return false;
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#discard) return true;
    // The whole body in one chunk (most small answers): sent with the head by `end(body)` in one
    // write, without node:http's cork-until-next-tick for a separate write().
    if (chunk.length === this.#bodyLength && this.#wholeBody === undefined) {
      this.#wholeBody = chunk;
      return true;
    }
    if (this.#i.res.write(chunk)) return true;
    this.#i.res.once('drain', this.#resume!);
    return false;
  }

  onComplete(): void {
    this.#endAttempt();
    if (this.#clientGone) return this.#finish(499);
    if (this.#discard) {
      this.#discard = false;
      return this.#retryAfterDelay(this.#takePending());
    }
    this.#i.res.end(this.#wholeBody);
    this.#finish(this.#status);
  }

  onError(err: Error): void {
    const t = this.#target;
    this.#endAttempt();
    if (this.#clientGone) return this.#finish(499);
    // undici refused the request as the client sent it (a field it will not send): nothing reached
    // the target, so this is no failure of the target's, and another target would refuse it too.
    if (this.#dispatching && isRefusal(err)) return this.#refuse(err);
    // The client's chunked body outgrew the limit: its fault, so no failure is recorded and no retry.
    if (err instanceof BodyTooLargeError) return this.#finish(refuseTooLarge(this.#i.res, this.#i.requestId) ? 413 : this.#status);
    const failure = classifyFailure(err);
    this.#lastFailure = failure;
    if (t) this.#i.runtime.recordFailure(t, failure, Date.now());
    if (this.#i.res.headersSent) {
      // The answer was already under way: end this one response, nothing else (RFC 9112 §9.6 has no other signal).
      this.#i.res.destroy();
      return this.#finish(this.#status, failure);
    }
    this.#discard = false;
    if (this.#pendingRetry) return this.#retryAfterDelay(this.#takePending());
    if (this.#wantsRetry(failure.outcome)) return this.#retryAfterDelay(this.#takePending());
    if (this.#budgetFull) return this.#awaitSlot(failure);
    this.#fail(failure);
  }

  // ---- attempts ----

  #attempt(): void {
    const { runtime, req } = this.#i;
    const t = this.#choose();
    if (!t) return this.#noTarget();
    this.#target = t;
    this.#attemptHoldsSlot = this.#nextIsRetry;
    this.#nextIsRetry = false;
    t.countRequest(1);
    this.#attempts++;
    const timeouts = runtime.group.timeouts;
    const tryMs = runtime.retry.perTryTimeoutMs ?? timeouts.readMs ?? timeouts.requestMs ?? DEFAULT_TRY_TIMEOUT_MS;
    this.#dispatching = true;
    runtime.pool(t).dispatch(
      {
        path: req.url ?? '/',
        method: req.method as Dispatcher.HttpMethod,
        headers: this.#upstreamHeaders,
        body: this.#i.body,
        headersTimeout: Math.max(1, Math.min(tryMs, this.#deadline - Date.now())),
        bodyTimeout: timeouts.readMs ?? DEFAULT_BODY_TIMEOUT_MS,
      },
      this,
    );
    this.#dispatching = false;
  }

  /**
   * A 1xx before the answer: `103 Early Hints` is relayed (its `link` fields, to HTTP/1.1 clients),
   * any other (a stray `100 Continue`: uh answered the client's Expect itself) is dropped. Either
   * way the final answer follows on the same handler, and a 1xx is no outcome for the target.
   */
  #informational(statusCode: number, rawHeaders: Buffer[]): boolean {
    const { req, res } = this.#i;
    if (statusCode !== 103 || res.headersSent || req.httpVersionMinor < 1) return true;
    const link: string[] = [];
    for (let i = 0; i < rawHeaders.length; i += 2) {
      if (rawHeaders[i]!.length === 4 && rawHeaders[i]!.toString('latin1').toLowerCase() === 'link') link.push(rawHeaders[i + 1]!.toString('latin1'));
    }
    if (link.length === 0) return true;
    try {
      res.writeEarlyHints({ link });
    } catch {
      // node:http refuses a Link value it cannot validate: the hint is only a hint, drop it.
    }
    return true;
  }

  /** 400 naming what undici refused; not a target failure, not retried, not logged as one. */
  #refuse(err: Error): void {
    const t = this.#target;
    t?.withdrawRequest();
    const fault = refusedByClient(err);
    sendProxyError(this.#i.res, { error: fault.error, requestId: this.#i.requestId, reason: fault.reason });
    this.#finish(400);
  }

  /** The pinned session's target when it is available; else the balancer's pick. */
  #choose(): TargetState | undefined {
    const { runtime } = this.#i;
    const sessions = runtime.sessions;
    if (sessions && this.#retries === 0) {
      this.#sessionId = sessions.sessionOf(this.headers);
      const address = this.#sessionId === undefined ? undefined : sessions.lookup(this.#sessionId, Date.now());
      if (address !== undefined) {
        const pinned = runtime.byAddress(address);
        if (pinned?.available()) return (this.#pinned = pinned);
        this.#loseSession();
      }
    }
    const t = runtime.pick(this);
    if (t || this.#retries === 0 || this.#lastFailure?.outcome.kind === 'connect') return t;
    // A status/reset retry with every target tried: trying one again beats giving up.
    const exclude = this.exclude;
    this.exclude = undefined;
    const again = runtime.pick(this);
    this.exclude = exclude;
    return again;
  }

  /** The pinned target cannot take the request: fail over, forget the pin, and say so in the answer. */
  #loseSession(): void {
    const { runtime } = this.#i;
    this.#sessionLost = true;
    this.#pinned = undefined;
    runtime.metrics.sessionsLost++;
    if (this.#sessionId !== undefined) runtime.sessions?.forget(this.#sessionId);
  }

  #wantsRetry(outcome: AttemptOutcome): boolean {
    const { runtime, req } = this.#i;
    const giveUp = runtime.retry.giveUpAfterMs;
    const remainingMs = Math.min(this.#deadline - Date.now(), giveUp === undefined ? Infinity : giveUp - (performance.now() - this.#started));
    const ctx = { replayable: !isStream(this.#i.body), budgetOk: true, remainingMs };
    this.#budgetFull = false;
    if (!shouldRetry(this.#sentRetries + 1, outcome, req.method ?? 'GET', runtime.retry, ctx)) return false;
    // Nothing reached the target: another try adds no load anywhere, so it takes no budget slot.
    if (outcome.kind !== 'connect') {
      if (!runtime.budget.tryAcquire()) {
        this.#budgetFull = true;
        return false;
      }
      this.#nextIsRetry = true;
      this.#sentRetries++;
    }
    this.#pendingRetry = outcome;
    return true;
  }

  /**
   * The retry is allowed but the budget is full: wait for a slot, then go at once. The budget bounds
   * the load retries add, and a waiting request adds none, so it may wait until its deadline (60 s
   * without one); past that it fails as it would have. Closures are made only here, off the hot path.
   */
  #awaitSlot(failure: ClassifiedFailure): void {
    const { runtime } = this.#i;
    this.#budgetFull = false;
    const waitMs = Math.min(DEFAULT_TRY_TIMEOUT_MS, this.#deadline - Date.now());
    if (waitMs <= 0) {
      runtime.metrics.retriesDenied++;
      return this.#fail(failure);
    }
    const grant = (): void => {
      clearTimeout(timer);
      this.#leaveQueue = undefined;
      this.#nextIsRetry = true;
      this.#sentRetries++;
      // Granted from inside another request's undici callback: dispatch after it returns.
      queueMicrotask(() => this.#retry());
    };
    const timer = setTimeout(() => {
      runtime.budget.cancel(grant);
      this.#leaveQueue = undefined;
      runtime.metrics.retriesDenied++;
      this.#fail(failure);
    }, waitMs);
    this.#leaveQueue = () => {
      clearTimeout(timer);
      runtime.budget.cancel(grant);
      this.#leaveQueue = undefined;
    };
    runtime.budget.wait(grant);
  }

  #takePending(): AttemptOutcome {
    const outcome = this.#pendingRetry!;
    this.#pendingRetry = undefined;
    return outcome;
  }

  #retryAfterDelay(outcome: AttemptOutcome): void {
    const delay = retryDelay(this.#retries + 1, outcome, this.#i.runtime.retry);
    if (delay <= 0) return this.#retry();
    this.#prepareRetry();
    setTimeout(() => (this.#clientGone ? this.#finish(499) : this.#attempt()), delay);
  }

  #retry(): void {
    this.#prepareRetry();
    this.#attempt();
  }

  /** Count the retry and keep the next pick off the target that failed. */
  #prepareRetry(): void {
    const { runtime } = this.#i;
    this.#retries++;
    runtime.metrics.retries++;
    (this.exclude ??= new Set()).add(this.#target!);
    if (this.#pinned === this.#target) this.#loseSession();
  }

  #endAttempt(): void {
    const t = this.#target;
    t?.countRequest(-1);
    if (this.#attemptHoldsSlot) {
      this.#i.runtime.budget.release();
      this.#attemptHoldsSlot = false;
    }
    this.#abort = undefined;
  }

  #noTarget(): void {
    if (this.#lastFailure) return this.#fail(this.#lastFailure);
    const { runtime, res, requestId, full } = this.#i;
    const now = Date.now();
    runtime.metrics.noHealthy++;
    const body = noHealthyUpstreamBody(runtime.group.name, requestId, runtime.targets, full || runtime.group.explain === 'full', now);
    sendNoHealthyUpstream(res, body, retryAfterSeconds(runtime.targets, now));
    this.#finish(503);
  }

  /** The group's cap on requests in flight is reached (Envoy circuit-breaker overflow): no target is tried. */
  #overloaded(): void {
    const { runtime, res, requestId } = this.#i;
    runtime.metrics.overloaded++;
    runtime.budget.active++; // #finish gives it back
    sendProxyError(res, { error: 'overloaded', requestId, group: runtime.group.name, attempts: 0 });
    this.#finish(503);
  }

  #fail(failure: ClassifiedFailure): void {
    const { runtime, res, requestId, full } = this.#i;
    const timeout = failure.outcome.kind === 'timeout';
    const detail = full || runtime.group.explain === 'full' ? `${this.#target?.address ?? '?'}: ${failure.message}` : undefined;
    sendProxyError(res, {
      error: timeout ? 'gateway_timeout' : 'bad_gateway',
      requestId,
      group: runtime.group.name,
      cause: failure.cause,
      attempts: this.#attempts,
      ...(detail ? { detail } : {}),
    });
    this.#finish(timeout ? 504 : 502, failure);
  }

  #finish(status: number, failure?: ClassifiedFailure): void {
    if (this.#done) return;
    this.#done = true;
    const { runtime, log } = this.#i;
    runtime.budget.active--;
    if (this.#nextIsRetry) {
      this.#nextIsRetry = false;
      runtime.budget.release();
    }
    const ms = performance.now() - this.#started;
    runtime.metrics.latency.observe(ms / 1000);
    if (!log.accessEnabled) return;
    log.access({
      requestId: this.#i.requestId, method: this.#i.req.method, path: this.#i.req.url, route: this.#i.route,
      group: runtime.group.name, target: this.#target?.address, attempts: this.#attempts, status,
      ms: Math.round(ms * 10) / 10, ...(failure ? { cause: failure.cause } : {}), ...(this.#sessionLost ? { session: 'lost' } : {}),
    });
  }

  readonly #onClientClose = (): void => {
    if (this.#done || this.#i.res.writableFinished) return;
    this.#clientGone = true;
    if (this.#leaveQueue) {
      this.#leaveQueue();
      return this.#finish(499);
    }
    this.#abort?.();
  };
}

/** undici's codes for a request it will not build (InvalidArgumentError, NotSupportedError). */
function isRefusal(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_NOT_SUPPORTED';
}

function isStream(body: ExchangeInit['body']): boolean {
  return body !== null && !Buffer.isBuffer(body);
}

/** The Content-Length of a response header list, -1 when absent or not a plain number. */
function declaredLength(headers: readonly string[]): number {
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i]!.length === 14 && headers[i]!.toLowerCase() === 'content-length') {
      const n = Number(headers[i + 1]);
      return Number.isSafeInteger(n) && n > 0 ? n : -1;
    }
  }
  return -1;
}

function retryAfterOf(headers: readonly string[], now: number): number | undefined {
  for (let i = 0; i < headers.length; i += 2) if (headers[i]!.toLowerCase() === 'retry-after') return parseRetryAfter(headers[i + 1], now);
  return undefined;
}
