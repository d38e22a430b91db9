import type { SourceLocation } from './location.js';
import type { UpstreamGroup } from './group.js';
import type { ResolverAddress } from './resolver.js';
import type { Route, UnresolvedTarget } from './route.js';

export type ConfigFormat = 'nginx' | 'envoy' | 'uh' | 'haproxy';

/** A non-fatal problem the parser noticed and kept going (unsupported directive, ignored field...). */
export interface ConfigNote {
  readonly severity: 'warning' | 'info';
  readonly message: string;
  readonly loc?: SourceLocation;
}

/**
 * An nginx `include` of a plain file that is not here (a checkout without the host's stock files or
 * generated snippets). The reader went on without it; `config-include-missing` reports it.
 */
export interface MissingInclude {
  /** The include argument as written. */
  readonly pattern: string;
  /** The paths looked at, in order. */
  readonly tried: readonly string[];
  /** One of nginx's stock files (`mime.types`, `*_params`, `snippets/*`…): info, not a warning. */
  readonly stock: boolean;
  readonly loc: SourceLocation;
}

/** Where a gateway config listens for clients (nginx `listen`, Envoy listener `socket_address`). */
export interface ConfigListener {
  /** `host:port` as `serve` binds it (nginx `listen 80` → `0.0.0.0:80`; IPv6 as `[::]:80`). */
  readonly address: string;
  /** The listener terminates TLS (nginx `ssl`, Envoy `transport_socket`): `serve` cannot. */
  readonly tls: boolean;
  readonly loc: SourceLocation;
}

/** The front of `uh serve`: uh YAML's `listen`/`admin`/`access_log`; nginx and Envoy give their listeners. */
export interface ServeSettings {
  readonly listen?: string;
  /** The config's own listeners that lead to upstream groups, in file order (nginx, Envoy). */
  readonly listeners?: readonly ConfigListener[];
  readonly admin?: string;
  readonly accessLog?: string;
  /**
   * Peers whose `Forwarded` / `X-Forwarded-For` are believed (CIDR blocks as written). A loopback
   * peer that forwards for someone else gets the summary 503 unless it is listed here.
   */
  readonly trustedProxies?: readonly string[];
}

/**
 * THE SPINE: everything uh knows about a gateway config. Parsers produce it; `diagnose`,
 * `serve`, `inspect`, `convert` and `export` read it. Plain readonly data, no behaviour.
 */
export interface GatewayConfig {
  readonly source: {
    readonly path: string;
    readonly format: ConfigFormat;
    /** Legacy Envoy documents: `v1`/`v2`. */
    readonly formatVersion?: string;
    /** Every file read (the main file first, then includes). */
    readonly files: readonly string[];
  };
  readonly groups: readonly UpstreamGroup[];
  readonly routes: readonly Route[];
  readonly unresolved: readonly UnresolvedTarget[];
  /** Resolvers at the top level (uh `resolvers`, nginx `resolver` in `http`). */
  readonly resolvers: readonly ResolverAddress[];
  /** Cause ids accepted as known risks (uh `ignore`). */
  readonly ignore: readonly string[];
  readonly serve: ServeSettings;
  readonly notes: readonly ConfigNote[];
  /** Included files that could not be found (nginx); the rest of the config was read without them. */
  readonly missingIncludes?: readonly MissingInclude[];
}
