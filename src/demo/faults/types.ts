/**
 * A sample upstream with a real fault, listening on loopback port 0. Shared by `uh demo` and the
 * tests, so both exercise the same faults. `close()` frees the port and every open socket.
 */
export interface RunningFault {
  /** `127.0.0.1:PORT` (or `[::1]:PORT`), as a config would name it. */
  readonly address: string;
  readonly host: string;
  readonly port: number;
  /** PEM of the CA that signed the server's certificate, for TLS faults (to use as the trust store). */
  readonly caPem?: string;
  close(): Promise<void>;
}
