/**
 * One connection per target where one will do: the TCP layer connects and watches the new
 * connection for an immediate reset; when it stays quiet, the health check's first sample sends
 * its request on it instead of dialling again. A gateway's check would connect and send at once;
 * the only difference is the TCP layer's short silent watch before the request goes out.
 */
import type net from 'node:net';

export class SocketHandoff {
  #socket: net.Socket | undefined;
  #connectMs = 0;

  /** Leave a quiet, connected socket for the next layer (paused: nothing read is lost). */
  offer(socket: net.Socket, connectMs: number): void {
    this.discard();
    socket.pause();
    socket.on('error', ignore);
    this.#socket = socket;
    this.#connectMs = connectMs;
  }

  /**
   * The socket, if one was left and is still open; the taker owns it from now on. The quiet error
   * listener stays: undici attaches its own only when it dials, a few ticks later, and a reset in
   * between must not be an uncaught exception (undici still sees the socket destroyed).
   */
  take(): { socket: net.Socket; connectMs: number } | undefined {
    const socket = this.#socket;
    this.#socket = undefined;
    if (!socket) return undefined;
    if (socket.destroyed || socket.readyState !== 'open') {
      socket.destroy();
      return undefined;
    }
    return { socket, connectMs: this.#connectMs };
  }

  /** Close a socket nobody took (the health layer was skipped or dialled on its own). */
  discard(): void {
    this.#socket?.destroy();
    this.#socket = undefined;
  }
}

function ignore(): void {
  // A peer reset while the socket waits for its taker: take() sees it destroyed and dials afresh.
}
