/**
 * The keyword tables the reader needs: which `server` keywords are bare flags, which values are
 * counts (kept as integers), which negations cancel which flags, and every proxy keyword HAProxy
 * 2.x knows (so a misspelt one is noted, and a known one uh does not read stays quiet).
 */

/** `server`/`default-server` keywords that take no value. */
export const SERVER_FLAGS = new Set<string>([
  'agent-check', 'allow-0rtt', 'backup', 'check', 'check-send-proxy', 'check-ssl', 'check-via-socks4', 'disabled',
  'enabled', 'force-sslv3', 'force-tlsv10', 'force-tlsv11', 'force-tlsv12', 'force-tlsv13', 'no-agent-check',
  'no-backup', 'no-check', 'no-check-ssl', 'no-send-proxy', 'no-send-proxy-v2', 'no-send-proxy-v2-ssl',
  'no-send-proxy-v2-ssl-cn', 'no-ssl', 'no-ssl-reuse', 'no-sslv3', 'no-tls-tickets', 'no-tlsv10', 'no-tlsv11',
  'no-tlsv12', 'no-tlsv13', 'no-verifyhost', 'non-stick', 'send-proxy', 'send-proxy-v2', 'send-proxy-v2-ssl',
  'send-proxy-v2-ssl-cn', 'ssl', 'ssl-reuse', 'stick', 'tfo', 'no-tfo', 'tls-tickets',
]);

/** `server` keywords that take one value. */
export const SERVER_PARAMS = new Set<string>([
  'addr', 'agent-addr', 'agent-inter', 'agent-port', 'agent-send', 'alpn', 'ca-file', 'check-alpn', 'check-proto',
  'check-sni', 'ciphers', 'ciphersuites', 'client-sigalgs', 'cookie', 'crl-file', 'crt', 'curves', 'downinter',
  'error-limit', 'fall', 'fastinter', 'guid', 'hash-key', 'id', 'init-addr', 'inter', 'log-bufsize', 'log-proto',
  'maxconn', 'maxqueue', 'max-reuse', 'minconn', 'namespace', 'npn', 'observe', 'on-error', 'on-marked-down',
  'on-marked-up', 'pool-conn-name', 'pool-low-conn', 'pool-max-conn', 'pool-purge-delay', 'port', 'proto',
  'proxy-v2-options', 'redir', 'resolve-net', 'resolve-opts', 'resolve-prefer', 'resolvers', 'rise', 'shard',
  'sigalgs', 'slowstart', 'sni', 'socks4', 'source', 'ssl-max-ver', 'ssl-min-ver', 'tcp-ut', 'track', 'verify',
  'verifyhost', 'weight', 'ws', 'set-proxy-v2-tlv-fmt', 'check-pool-conn-name', 'strict-maxconn',
]);

/** Values that are counts: kept as integers, everything else as written. */
export const INTEGER_PARAMS = new Set<string>([
  'maxconn', 'minconn', 'maxqueue', 'rise', 'fall', 'port', 'agent-port', 'error-limit', 'pool-max-conn',
  'pool-low-conn', 'max-reuse', 'weight',
]);

/** A flag and what cancels it (the later one wins, on `default-server` and `server` lines alike). */
export const OPPOSITES: Readonly<Record<string, string>> = {
  'no-check': 'check', 'no-backup': 'backup', 'no-ssl': 'ssl', 'no-check-ssl': 'check-ssl',
  'no-send-proxy': 'send-proxy', 'no-send-proxy-v2': 'send-proxy-v2', 'no-send-proxy-v2-ssl': 'send-proxy-v2-ssl',
  'no-send-proxy-v2-ssl-cn': 'send-proxy-v2-ssl-cn', 'no-agent-check': 'agent-check', 'no-tfo': 'tfo',
  enabled: 'disabled', disabled: 'enabled', 'tls-tickets': 'no-tls-tickets', 'ssl-reuse': 'no-ssl-reuse',
  stick: 'non-stick', 'non-stick': 'stick',
};

/** Negations that only cancel (they are not themselves a property of the server). */
export const PURE_NEGATIONS = new Set<string>([
  'no-check', 'no-backup', 'no-ssl', 'no-check-ssl', 'no-send-proxy', 'no-send-proxy-v2', 'no-send-proxy-v2-ssl',
  'no-send-proxy-v2-ssl-cn', 'no-agent-check', 'no-tfo',
]);

/** Proxy keywords of HAProxy 2.x (frontend/backend/listen/defaults), first word of a statement. */
export const PROXY_KEYWORDS = new Set<string>([
  'acl', 'backlog', 'balance', 'bind', 'bind-process', 'capture', 'clitcpka-cnt', 'clitcpka-idle', 'clitcpka-intvl',
  'compression', 'cookie', 'declare', 'default-server', 'default_backend', 'description', 'disabled', 'dispatch',
  'email-alert', 'enabled', 'errorfile', 'errorfiles', 'errorloc', 'errorloc302', 'errorloc303', 'error-log-format',
  'external-check', 'filter', 'force-persist', 'fullconn', 'grace', 'guid', 'hash-balance-factor', 'hash-key',
  'hash-type', 'http-after-response', 'http-check', 'http-error', 'http-request', 'http-response', 'http-reuse',
  'http-send-name-header', 'id', 'ignore-persist', 'load-server-state-from-file', 'log', 'log-format',
  'log-format-sd', 'log-steps', 'log-tag', 'max-keep-alive-queue', 'max-session-srv-conns', 'maxconn', 'mode',
  'monitor', 'monitor-net', 'monitor-uri', 'option', 'persist', 'quic-initial', 'rate-limit', 'redirect', 'retries',
  'retry-on', 'server', 'server-state-file-name', 'server-template', 'source', 'srvtcpka-cnt', 'srvtcpka-idle',
  'srvtcpka-intvl', 'stats', 'stick', 'stick-table', 'stick-on', 'stick-match', 'stick-store-request',
  'stick-store-response', 'tcp-check', 'tcp-request', 'tcp-response', 'timeout', 'unique-id-format',
  'unique-id-header', 'use_backend', 'use-fcgi-app', 'use-server', 'contimeout', 'srvtimeout', 'clitimeout',
  'no', 'default', 'transparent', 'appsession', 'block', 'redisp', 'redispatch', 'reqadd', 'reqrep', 'rspadd',
  'rsprep', 'reqdel', 'rspdel', 'reqirep', 'reqidel', 'rspirep', 'rspidel', 'reqallow', 'reqdeny', 'reqpass',
  'reqtarpit', 'http-use-proxy-header', 'dynamic-cookie-key', 'unique-id', 'tune.idle-pool.shared',
]);

/** The health-check `option`s; the last one written (or inherited) decides the check type. */
export const CHECK_OPTIONS = new Set<string>([
  'httpchk', 'tcp-check', 'ssl-hello-chk', 'redis-check', 'mysql-check', 'pgsql-check', 'ldap-check', 'smtpchk',
  'external-check', 'spop-check',
]);
