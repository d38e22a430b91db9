import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TargetState } from './target-state.js';

/** How long the upstream may take to accept an Upgrade's TCP connection. */
const UPGRADE_CONNECT_MS = 5_000;

/**
 * WebSocket / `Upgrade` pass-through (RFC 9110 §7.8): open a raw TCP connection to the chosen
 * target, replay the request head with x-forwarded-for added, then splice both sockets. The
 * target answers `101` itself; from then on uh moves bytes only. Either side ending closes both
 * (node:http server sockets allow half-open, which would otherwise keep a dead tunnel forever).
 */
export function passUpgrade(req: IncomingMessage, client: Duplex, head: Buffer, target: TargetState, clientIp: string): void {
  const upstream = target.target.socket === 'unix' ? connect({ path: target.host }) : connect({ host: target.host, port: target.port });
  target.countRequest(1);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    target.countRequest(-1);
    client.destroy();
    upstream.destroy();
  };
  upstream.setTimeout(UPGRADE_CONNECT_MS, () => release());
  upstream.once('connect', () => {
    upstream.setTimeout(0);
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (req.rawHeaders[i]!.toLowerCase() !== 'x-forwarded-for') lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    }
    const xff = req.headers['x-forwarded-for'];
    lines.push(`x-forwarded-for: ${xff ? `${String(xff)}, ` : ''}${clientIp}`);
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.once('error', release);
  upstream.once('close', release);
  upstream.once('end', release);
  client.once('error', release);
  client.once('close', release);
  client.once('end', release);
}
