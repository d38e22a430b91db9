import type { SourceLocation } from './location.js';

/** nginx `max_fails` / `fail_timeout` on one server line (passive checking per member). */
export interface MemberPassiveCheck {
  /** nginx default 1; 0 disables counting. */
  readonly maxFails: number;
  /** nginx default 10s. */
  readonly failTimeoutMs: number;
}

/**
 * One endpoint of an upstream group, as the config names it. Plain readonly data: tests build it
 * literally; parsers produce it; probes and the proxy read it.
 */
export interface Target {
  /** The member's own name where the format gives one (HAProxy `server NAME`, what its runtime API and logs show). */
  readonly name?: string;
  /** `host:port` exactly as the config names it; IPv6 as `[::1]:8080`; unix sockets as `unix:/path`. */
  readonly address: string;
  /** Host name or IP literal (IPv6 without brackets); for unix sockets, the socket path. */
  readonly host: string;
  /** The port as written; undefined when not written (see `defaultPort`) or not a number (`portText`). */
  readonly port?: number;
  /** A port that was written but is not a number (a template placeholder such as `{{ port }}`). */
  readonly portText?: string;
  /** The port the gateway uses when none is written (nginx: 80, or 443 for https:// literals). */
  readonly defaultPort?: number;
  readonly socket: 'inet' | 'unix';
  /** Declared weight; undefined when not declared (the effective weight is then 1). */
  readonly weight?: number;
  /** Used only when no primary target is healthy. */
  readonly backup: boolean;
  /** Administratively out of rotation (nginx `down`, Envoy DRAINING, uh `down: true`). */
  readonly down: boolean;
  /** Re-resolved at run time (nginx `resolve`, Envoy STRICT_DNS/LOGICAL_DNS). */
  readonly resolve: boolean;
  /** Bare flags exactly as written (nginx `backup`, `down`, `resolve`, `drain`, ...). */
  readonly flags: readonly string[];
  /** This member's own health-check port (HAProxy `port` on a server line); wins over the group check's port. */
  readonly checkPort?: number;
  /** Other declared per-member settings, values as written (nginx strings; Envoy values). */
  readonly params: Readonly<Record<string, unknown>>;
  /** nginx per-server passive check; undefined where the format has none. */
  readonly passive?: MemberPassiveCheck;
  /** The gateway discovered this member at run time (an EDS assignment in a config dump), not the file. */
  readonly discovered?: 'eds' | 'dns';
  readonly loc: SourceLocation;
}

/** The port probes and the proxy connect to, or undefined when it cannot be known (template). */
export function effectivePort(target: Target): number | undefined {
  return target.port ?? (target.portText === undefined ? target.defaultPort : undefined);
}

export function effectiveWeight(target: Target): number {
  return target.weight ?? 1;
}

/** Whether `host` is an IP literal (no DNS needed). */
export function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || (host.includes(':') && /^[0-9a-fA-F:.]+(%\w+)?$/.test(host));
}
