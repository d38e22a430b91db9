/**
 * HAProxy's HTTP/TCP log lines (option httplog/tcplog): `frontend backend/server timers status …
 * TERMINATION_STATE …`. `<NOSRV>` means no server was available; the termination state's first two
 * characters say who ended the session and where (HAProxy configuration manual 8.5: `SC` the server
 * refused or failed the connect, `sC` connect timeout, `sH`/`SH` timed out or aborted before the
 * headers, `sQ` queue timeout, `PH` a response the proxy blocked).
 */
import type { CauseId } from '../causes/catalog.js';
import { readTail } from './bounded-io.js';
import { EventTally, logLines } from './log-window.js';
import type { GatewayCheckLayer, GatewayGroupView, GatewayTargetView, GatewayViewSource } from './types.js';
import { skippedView } from './types.js';

const LINE = /\[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d)(?:\.\d+)?\] (\S+) ([^/\s]+)\/(\S+) \S+ (-?\d+) \S+ \S+ \S+ ([-A-Za-z]{4}) /;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const TERMINATIONS: Readonly<Record<string, { meaning: string; layer?: GatewayCheckLayer; cause?: CauseId; overflow?: boolean }>> = {
  SC: { meaning: 'the server refused or failed the connection', layer: 'tcp' },
  sC: { meaning: 'connect to the server timed out', layer: 'tcp', cause: 'tcp-timeout' },
  sH: { meaning: 'the server did not send headers in time (timeout server)', layer: 'http', cause: 'health-timeout' },
  SH: { meaning: 'the server aborted before sending complete headers', layer: 'tcp', cause: 'tcp-reset' },
  SD: { meaning: 'the server aborted during the data phase', layer: 'tcp', cause: 'tcp-reset' },
  sQ: { meaning: 'the request waited too long in the queue (timeout queue)', overflow: true },
  PH: { meaning: 'the proxy blocked the server\'s response (invalid or forbidden)', layer: 'http', cause: 'protocol-not-http' },
};

export function looksLikeHaproxyLog(text: string): boolean {
  return logLines(text).slice(-50).some((l) => LINE.test(l));
}

export const haproxyLogSource: GatewayViewSource = async (file, ctx) => {
  const tail = await readTail(file, ctx);
  if (!tail.ok) return skippedView('haproxy-log', file, `cannot read the log: ${tail.reason}`);
  const servers = new EventTally<{ backend: string; server: string; state: string }>();
  const noServer = new EventTally<string>();
  const queued = new EventTally<string>();
  for (const line of logLines(tail.text)) {
    const m = LINE.exec(line);
    if (!m) continue;
    const at = new Date(Number(m[3]), MONTHS.indexOf(m[2]!), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])).getTime();
    if (at < ctx.sinceMs) continue;
    const [backend, server, state] = [m[8]!, m[9]!, m[11]!.slice(0, 2)];
    if (server === '<NOSRV>') {
      noServer.add(backend, backend, at);
      continue;
    }
    const meaning = TERMINATIONS[state];
    if (!meaning) continue;
    if (meaning.overflow) queued.add(backend, backend, at);
    else servers.add(`${backend}/${server}/${state}`, { backend, server, state }, at);
  }
  const targets: GatewayTargetView[] = servers.entries().map(({ key, events }) => {
    const meaning = TERMINATIONS[key.state]!;
    return {
      source: 'haproxy-log', group: key.backend, name: key.server, address: '', state: 'unhealthy', flags: [key.state],
      detail: `termination ${key.state} (${meaning.meaning})`, kind: 'traffic', events,
      ...(meaning.cause ? { cause: meaning.cause } : {}), ...(meaning.layer ? { checkLayer: meaning.layer } : {}),
    };
  });
  const names = new Set([...noServer.entries().map((e) => e.key), ...queued.entries().map((e) => e.key)]);
  const groups: GatewayGroupView[] = [...names].map((name) => {
    const none = noServer.entries().find((e) => e.key === name)?.events;
    const queue = queued.entries().find((e) => e.key === name)?.events;
    return {
      source: 'haproxy-log', name, panic: false,
      overflow: queue ? [`${queue.count} request(s) timed out in the queue (termination sQ)`] : [],
      ...(none ? { noneHealthy: none } : {}),
    };
  });
  const notes = targets.length > 0 ? ['HAProxy logs name servers, not addresses: give --admin too so uh can match them to targets'] : [];
  return { source: 'haproxy-log', endpoint: file, outcome: 'read', groups, targets, notes };
};
