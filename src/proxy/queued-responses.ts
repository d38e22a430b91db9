import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Responses on a connection that may die without node:http ever closing them, by connection. */
const WATCHED = new WeakMap<Socket, Set<ServerResponse>>();

/**
 * node:http emits 'request' for every pipelined request at once, but a response waits its turn
 * before it is given the socket, and if the connection dies first it never gets one: no 'close'
 * event, ever (`abortIncoming` destroys the queued requests, not their responses). The same holds
 * for a request parsed from bytes that arrived just before the client hung up: its connection is
 * already destroyed when 'request' fires. Either way the in-flight count and the exchange's
 * client-gone path would never run: 400 clients that pipeline 50 GETs and disconnect left
 * ~17 000 requests "in flight" for good, and their exchanges' buffers with them.
 *
 * This emits that 'close' when the connection is gone, after node's own handlers, for each
 * response node has not closed (`_closed`, the flag node:http itself checks before emitting it).
 * A response attached to a live connection at once (no pipelining) costs nothing here.
 */
export function closeWhenConnectionDies(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  if (res.socket && !socket.destroyed) return;
  let watched = WATCHED.get(socket);
  if (!watched) {
    const set = new Set<ServerResponse>();
    WATCHED.set(socket, set);
    const closeAll = (): void => {
      for (const r of set) closeResponse(r);
      set.clear();
    };
    socket.once('close', closeAll);
    // Already destroyed: its 'close' may have been emitted before this request was parsed.
    if (socket.destroyed) setImmediate(closeAll);
    watched = set;
  }
  watched.add(res);
  const set = watched;
  res.once('close', () => set.delete(res));
}

function closeResponse(res: ServerResponse): void {
  const internal = res as ServerResponse & { _closed?: boolean };
  if (internal._closed) return;
  internal._closed = true;
  res.destroyed = true;
  res.emit('close');
}
