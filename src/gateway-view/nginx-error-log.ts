/**
 * nginx OSS has no API: its error log is its view. Each recognised line (ngx_http_upstream.c's
 * messages: `connect() failed (111: Connection refused) while connecting to upstream`, `upstream
 * timed out (110: …) while reading response header`, `no live upstreams`, `upstream server
 * temporarily disabled`, SSL handshake and certificate errors, `upstream prematurely closed
 * connection`, `upstream sent invalid header`, `could not be resolved (3: Host not found)`) is
 * counted per upstream address (or group, for `no live upstreams`), with first and last seen.
 * Timestamps are the server's local time, as nginx writes them.
 */
import type { CauseId } from '../causes/catalog.js';
import { readTail } from './bounded-io.js';
import { EventTally, logLines } from './log-window.js';
import type { GatewayCheckLayer, GatewayGroupView, GatewayTargetState, GatewayTargetView, GatewayViewSource } from './types.js';
import { skippedView } from './types.js';

interface LinePattern {
  readonly test: RegExp;
  readonly state: GatewayTargetState;
  readonly cause?: CauseId;
  readonly layer?: GatewayCheckLayer;
}

/** Most specific first: the first pattern that matches a line names it. */
const PATTERNS: readonly LinePattern[] = [
  { test: /connect\(\) failed \(111: Connection refused\)/, state: 'unhealthy', cause: 'tcp-refused', layer: 'tcp' },
  { test: /\(113: No route to host\)|\(101: Network is unreachable\)|\(112: Host is down\)/, state: 'unhealthy', cause: 'tcp-unreachable', layer: 'tcp' },
  { test: /\(110: Connection timed out\) while connecting to upstream/, state: 'unhealthy', cause: 'tcp-timeout', layer: 'tcp' },
  { test: /\(104: Connection reset by peer\)/, state: 'unhealthy', cause: 'tcp-reset', layer: 'tcp' },
  { test: /upstream timed out \(110: [^)]*\) while (reading response header|reading upstream|sending request)/, state: 'unhealthy', cause: 'health-timeout', layer: 'http' },
  { test: /certificate verify error: \(10:certificate has expired\)/, state: 'unhealthy', cause: 'tls-cert-expired', layer: 'tls' },
  { test: /certificate verify error: \(9:certificate is not yet valid\)/, state: 'unhealthy', cause: 'tls-cert-not-yet-valid', layer: 'tls' },
  { test: /certificate verify error: \((18|19|20|21):/, state: 'unhealthy', cause: 'tls-untrusted', layer: 'tls' },
  { test: /certificate verify error: \(62:|SSL certificate does not match/, state: 'unhealthy', cause: 'tls-hostname-mismatch', layer: 'tls' },
  { test: /SSL_do_handshake\(\) failed .*wrong version number/, state: 'unhealthy', cause: 'tls-to-plaintext', layer: 'tls' },
  { test: /SSL_do_handshake\(\) failed|certificate verify error/, state: 'unhealthy', layer: 'tls' },
  { test: /upstream prematurely closed connection/, state: 'unhealthy', layer: 'http' },
  { test: /upstream sent (invalid header|no valid HTTP\/1\.0 header|invalid status line|too big header)/, state: 'unhealthy', cause: 'protocol-not-http', layer: 'http' },
  { test: /upstream server temporarily disabled/, state: 'ejected' },
  { test: /could not be resolved \(3: Host not found\)/, state: 'unhealthy', cause: 'dns-nxdomain' },
  { test: /could not be resolved \((2: Server failure|5: Operation refused|110: Operation timed out)\)/, state: 'unhealthy', cause: 'dns-resolver-unreachable' },
];

const LINE = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) \[(\w+)\] \d+#\d+: (?:\*\d+ )?(.*)$/;

/** True when `text` has nginx error-log lines. */
export function looksLikeNginxErrorLog(text: string): boolean {
  return logLines(text).slice(0, 50).some((l) => LINE.test(l));
}

export const nginxErrorLogSource: GatewayViewSource = async (file, ctx) => {
  const tail = await readTail(file, ctx);
  if (!tail.ok) return skippedView('nginx-error-log', file, `cannot read the log: ${tail.reason}`);
  const targets = new EventTally<{ address: string; group: string; message: string; pattern: LinePattern }>();
  const noneLive = new EventTally<string>();
  let recognised = 0;
  for (const line of logLines(tail.text)) {
    const m = LINE.exec(line);
    if (!m) continue;
    const at = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])).getTime();
    if (at < ctx.sinceMs) continue;
    const text = m[8]!;
    const upstream = /upstream: "(?:[a-z]+:\/\/)?([^"/]+)/.exec(text)?.[1] ?? '';
    if (/no live upstreams/.test(text)) {
      noneLive.add(upstream, upstream, at);
      recognised += 1;
      continue;
    }
    const pattern = PATTERNS.find((p) => p.test.test(text));
    if (!pattern) continue;
    recognised += 1;
    const message = text.replace(/, client: .*$/, '').replace(/^\S+ could not be resolved/, (s) => s);
    const resolved = /^(\S+) could not be resolved/.exec(text)?.[1];
    const address = isAddress(upstream) ? upstream : resolved ? `${resolved}:` : '';
    const group = isAddress(upstream) ? '' : upstream;
    targets.add(`${address}\u0000${group}\u0000${message}`, { address, group, message, pattern }, at);
  }
  const views: GatewayTargetView[] = targets.entries().map(({ key, events }) => ({
    source: 'nginx-error-log', group: key.group, address: key.address, state: key.pattern.state, flags: [],
    detail: key.message, kind: 'traffic', events,
    ...(key.pattern.cause ? { cause: key.pattern.cause } : {}), ...(key.pattern.layer ? { checkLayer: key.pattern.layer } : {}),
  }));
  const groups: GatewayGroupView[] = noneLive.entries().map(({ key, events }) => ({
    source: 'nginx-error-log', name: key, panic: false, overflow: [], noneHealthy: events,
  }));
  const notes = [
    ...(tail.truncated ? [`only the last ${ctx.maxBytes} bytes were read`] : []),
    ...(recognised === 0 ? [`no upstream error since ${new Date(ctx.sinceMs).toISOString()}`] : []),
  ];
  return { source: 'nginx-error-log', endpoint: file, outcome: 'read', groups, targets: views, notes };
};

/** `127.0.0.1:8080` or `[::1]:80` (an address), not `backend` (a group name). */
function isAddress(upstream: string): boolean {
  return /^(\[[0-9a-f:.]+\]|\d{1,3}(\.\d{1,3}){3}):\d+$/i.test(upstream) || upstream.startsWith('unix:');
}
