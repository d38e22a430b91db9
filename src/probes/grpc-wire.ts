/**
 * Just enough of the gRPC wire format for `grpc.health.v1.Health/Check`, by hand (no protobuf
 * runtime): the two messages of health.proto, the 5-byte length-prefixed message framing
 * (gRPC over HTTP/2, "Length-Prefixed-Message"), and the status code names.
 *
 *   message HealthCheckRequest  { string service = 1; }
 *   message HealthCheckResponse { enum ServingStatus { UNKNOWN = 0; SERVING = 1; NOT_SERVING = 2;
 *                                   SERVICE_UNKNOWN = 3; } ServingStatus status = 1; }
 */

export const HEALTH_CHECK_PATH = '/grpc.health.v1.Health/Check';

/** health.proto ServingStatus, by number. */
export const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;
export type ServingStatus = (typeof SERVING_STATUS)[number];

/** gRPC status codes (grpc/doc/statuscodes.md), by number. */
export const GRPC_STATUS = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED',
  'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
] as const;

/** `12 UNIMPLEMENTED` */
export function grpcStatusName(code: number): string {
  return `${code} ${GRPC_STATUS[code] ?? 'UNKNOWN_CODE'}`;
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value >>> 0;
  while (v >= 0x80) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

/** Read a varint at `offset`; undefined when truncated or longer than 5 bytes (32-bit fields only). */
function readVarint(buf: Buffer, offset: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5 && offset + i < buf.length; i++) {
    const byte = buf[offset + i]!;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, next: offset + i + 1 };
  }
  return undefined;
}

/** Field 1 of a message, as a varint or length-delimited bytes; skips unknown fields (proto3 wire format). */
function fieldOne(buf: Buffer): { varint?: number; bytes?: Buffer } | undefined {
  let offset = 0;
  let found: { varint?: number; bytes?: Buffer } = {};
  for (let guard = 0; offset < buf.length && guard < 1024; guard++) {
    const key = readVarint(buf, offset);
    if (!key) return undefined;
    const field = Math.floor(key.value / 8);
    const wire = key.value & 7;
    offset = key.next;
    if (wire === 0) {
      const v = readVarint(buf, offset);
      if (!v) return undefined;
      if (field === 1) found = { varint: v.value };
      offset = v.next;
    } else if (wire === 2) {
      const len = readVarint(buf, offset);
      if (!len || len.next + len.value > buf.length) return undefined;
      if (field === 1) found = { bytes: buf.subarray(len.next, len.next + len.value) };
      offset = len.next + len.value;
    } else if (wire === 1 || wire === 5) {
      offset += wire === 1 ? 8 : 4;
    } else {
      return undefined;
    }
  }
  return offset === buf.length ? found : undefined;
}

/** HealthCheckRequest{service}; the empty service (the whole server) encodes as an empty message. */
export function encodeHealthCheckRequest(service: string): Buffer {
  if (service === '') return Buffer.alloc(0);
  const bytes = Buffer.from(service, 'utf8');
  return Buffer.concat([Buffer.from([0x0a]), varint(bytes.length), bytes]);
}

/** The service name of a HealthCheckRequest, or undefined when it is not one. */
export function decodeHealthCheckRequest(buf: Buffer): string | undefined {
  const field = fieldOne(buf);
  if (!field || field.varint !== undefined) return undefined;
  return field.bytes?.toString('utf8') ?? '';
}

export function encodeHealthCheckResponse(status: number): Buffer {
  return status === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x08]), varint(status)]);
}

/** The ServingStatus number of a HealthCheckResponse (0 when absent), or undefined when malformed. */
export function decodeHealthCheckResponse(buf: Buffer): number | undefined {
  const field = fieldOne(buf);
  if (!field || field.bytes !== undefined) return undefined;
  return field.varint ?? 0;
}

/** One Length-Prefixed-Message: compressed flag 0, 4-byte big-endian length, the message. */
export function frameMessage(message: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** Split a body into messages; `rest` keeps an incomplete tail. Compressed messages are returned flagged. */
export function unframeMessages(body: Buffer): { messages: Array<{ compressed: boolean; data: Buffer }>; rest: Buffer } {
  const messages: Array<{ compressed: boolean; data: Buffer }> = [];
  let offset = 0;
  while (body.length - offset >= 5) {
    const length = body.readUInt32BE(offset + 1);
    if (body.length - offset - 5 < length) break;
    messages.push({ compressed: body[offset] === 1, data: body.subarray(offset + 5, offset + 5 + length) });
    offset += 5 + length;
  }
  return { messages, rest: body.subarray(offset) };
}
