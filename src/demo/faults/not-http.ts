/**
 * A port where another service listens: the gateway's target points at SSH, Redis or the like,
 * which answers, but not in HTTP. The classic wrong-port mistake behind `protocol-not-http`.
 */
import net from 'node:net';
import type { RunningFault } from './types.js';
import { listenTracked } from './http-servers.js';

/** Which non-HTTP service to imitate. */
export type Banner = 'ssh' | 'redis';

/**
 * `ssh`: speaks first with an identification line (RFC 4253 §4.2) and waits for the client's;
 * `redis`: waits for a command and answers `-ERR unknown command` (RESP error reply).
 */
export function startNotHttpServer(kind: Banner = 'ssh'): Promise<RunningFault> {
  const server = net.createServer((socket) => {
    socket.on('error', () => socket.destroy());
    if (kind === 'ssh') {
      socket.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
      socket.once('data', () => socket.end('Invalid SSH identification string.\r\n'));
      return;
    }
    socket.once('data', (chunk) => {
      const command = chunk.toString('latin1').split(/\s/)[0] ?? '';
      socket.end(`-ERR unknown command '${command}', with args beginning with: \r\n`);
    });
  });
  return listenTracked(server);
}
