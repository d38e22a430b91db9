import type { ServerResponse } from 'node:http';
import type { CauseId } from '../causes/catalog.js';

export type ProxyErrorKind = 'bad_gateway' | 'gateway_timeout' | 'no_route' | 'payload_too_large' | 'bad_request';

const STATUS: Readonly<Record<ProxyErrorKind, number>> = {
  bad_gateway: 502,
  gateway_timeout: 504,
  no_route: 404,
  payload_too_large: 413,
  bad_request: 400,
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
}

/** 502 after the retries were spent, 504 on timeout, and the proxy's own 4xx: JSON saying why. */
export function sendProxyError(res: ServerResponse, body: ProxyErrorBody): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(STATUS[body.error], {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': body.requestId,
  });
  res.end(text);
}
