import type { ServerResponse } from 'node:http';
import type { CauseId } from '../causes/catalog.js';

export type ProxyErrorKind = 'bad_gateway' | 'gateway_timeout' | 'no_route' | 'payload_too_large' | 'bad_request' | 'method_not_allowed' | 'expectation_failed' | 'overloaded';

/** The HTTP status of each kind: 4xx are the client's doing and never count against a target. */
export const ERROR_STATUS: Readonly<Record<ProxyErrorKind, number>> = {
  bad_gateway: 502,
  gateway_timeout: 504,
  no_route: 404,
  payload_too_large: 413,
  bad_request: 400,
  method_not_allowed: 405,
  expectation_failed: 417,
  // The group's own cap (Envoy circuit-breaker overflow), not a target's health.
  overloaded: 503,
};

export interface ProxyErrorBody {
  readonly error: ProxyErrorKind;
  readonly requestId: string;
  readonly group?: string;
  /** Catalog cause id (the same ids `diagnose` reports): `tcp-refused`, `health-timeout`... */
  readonly cause?: CauseId;
  readonly attempts?: number;
  /** Internal detail (target and error); loopback clients or `explain: full` only. */
  readonly detail?: string;
  /** What was wrong with the request itself (4xx): for the client, so it names only what the client sent. */
  readonly reason?: string;
}

/** 502 after the retries were spent, 504 on timeout, and the proxy's own 4xx: JSON saying why. */
export function sendProxyError(res: ServerResponse, body: ProxyErrorBody): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(ERROR_STATUS[body.error], {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': body.requestId,
  });
  res.end(text);
}
