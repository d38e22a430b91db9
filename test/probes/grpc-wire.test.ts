/** The hand-written health.proto encoding agrees with the protobuf wire format. */
import { describe, expect, it } from 'vitest';
import {
  decodeHealthCheckRequest, decodeHealthCheckResponse, encodeHealthCheckRequest, encodeHealthCheckResponse, frameMessage,
  unframeMessages,
} from '../../src/probes/grpc-wire.js';

describe('grpc wire format', () => {
  it('encodes HealthCheckRequest{service} as tag 0x0a, length, UTF-8', () => {
    expect(encodeHealthCheckRequest('users').toString('hex')).toBe('0a057573657273');
    expect(encodeHealthCheckRequest('')).toHaveLength(0);
    expect(decodeHealthCheckRequest(encodeHealthCheckRequest('ünïcode'))).toBe('ünïcode');
  });

  it('round-trips HealthCheckResponse{status}, skipping unknown fields', () => {
    expect(encodeHealthCheckResponse(2).toString('hex')).toBe('0802');
    expect(decodeHealthCheckResponse(Buffer.from('0801', 'hex'))).toBe(1);
    expect(decodeHealthCheckResponse(Buffer.alloc(0))).toBe(0);
    expect(decodeHealthCheckResponse(Buffer.from('12026869' + '0803', 'hex'))).toBe(3);
    expect(decodeHealthCheckResponse(Buffer.from('08', 'hex'))).toBeUndefined();
  });

  it('frames with a 5-byte prefix and keeps an incomplete tail', () => {
    const framed = frameMessage(Buffer.from('0801', 'hex'));
    expect(framed.toString('hex')).toBe('00000000020801');
    const { messages, rest } = unframeMessages(Buffer.concat([framed, framed.subarray(0, 3)]));
    expect(messages).toHaveLength(1);
    expect(rest).toHaveLength(3);
  });
});
