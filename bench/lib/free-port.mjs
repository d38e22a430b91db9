// A port on 127.0.0.1 nothing listens on right now, for bench processes that must be told a port
// before they start (a child `uh serve`, an upstream that dies and comes back on the same port).
import { once } from 'node:events';
import { createServer } from 'node:net';

export async function freePort() {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}
