/**
 * A gRPC server on node:http2 that implements only `grpc.health.v1.Health/Check`, with the
 * status per service chosen by the caller: the upstream a gateway's gRPC health check talks to.
 * Unknown services answer grpc-status NOT_FOUND, as the reference health service does; with
 * `unimplemented`, every call answers UNIMPLEMENTED (a server that never registered health).
 */
import http2 from 'node:http2';
import { certPreset } from '../../pki/certs.js';
import type { ServingStatus } from '../../probes/grpc-wire.js';
import {
  HEALTH_CHECK_PATH, SERVING_STATUS, decodeHealthCheckRequest, encodeHealthCheckResponse, frameMessage, unframeMessages,
} from '../../probes/grpc-wire.js';
import { listenTracked } from './http-servers.js';
import type { RunningFault } from './types.js';

export interface GrpcHealthServerOptions {
  /** ServingStatus per service name; `''` is the whole server (default `{'': 'SERVING'}`). */
  readonly status?: Readonly<Record<string, ServingStatus>>;
  /** Answer every call with grpc-status 12 UNIMPLEMENTED. */
  readonly unimplemented?: boolean;
  /** Serve over TLS (ALPN h2) with the test CA's `valid` certificate. */
  readonly tls?: boolean;
  /** Answer Check only after this long (a slow dependency behind the health service). */
  readonly delayMs?: number;
}

/** Cap on a request body: a HealthCheckRequest is a few bytes. */
const MAX_REQUEST_BYTES = 16 * 1024;

export async function startGrpcHealthServer(options: GrpcHealthServerOptions = {}): Promise<RunningFault> {
  const statuses = options.status ?? { '': 'SERVING' };
  const onStream = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void => {
    stream.on('error', () => undefined);
    if (options.unimplemented || headers[':path'] !== HEALTH_CHECK_PATH) {
      trailersOnly(stream, 12, `unknown method ${headers[':path']}`);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    stream.on('end', () => {
      if (!options.delayMs) return answer(stream, Buffer.concat(chunks), statuses);
      const timer = setTimeout(() => answer(stream, Buffer.concat(chunks), statuses), options.delayMs);
      stream.once('close', () => clearTimeout(timer));
    });
  };
  const cert = options.tls ? certPreset('valid') : undefined;
  const server = cert
    ? http2.createSecureServer({ key: cert.keyPem, cert: cert.chainPem, ALPNProtocols: ['h2'] })
    : http2.createServer();
  server.on('stream', onStream);
  server.on('session', (session: http2.ServerHttp2Session) => session.on('error', () => undefined));
  const running = await listenTracked(server);
  return cert ? { ...running, caPem: cert.caPem } : running;
}

function answer(stream: http2.ServerHttp2Stream, body: Buffer, statuses: Readonly<Record<string, ServingStatus>>): void {
  if (stream.destroyed) return;
  const message = unframeMessages(body).messages[0];
  const service = message ? decodeHealthCheckRequest(message.data) : undefined;
  if (service === undefined) {
    trailersOnly(stream, 13, 'cannot parse HealthCheckRequest');
    return;
  }
  const status = statuses[service];
  if (status === undefined) {
    trailersOnly(stream, 5, `unknown service ${service}`);
    return;
  }
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
  stream.end(frameMessage(encodeHealthCheckResponse(SERVING_STATUS.indexOf(status))));
}

/** A "Trailers-Only" response: status in the only HEADERS frame, END_STREAM set. */
function trailersOnly(stream: http2.ServerHttp2Stream, code: number, message: string): void {
  if (stream.headersSent || stream.destroyed) return;
  stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(code), 'grpc-message': encodeURIComponent(message) }, { endStream: true });
}
