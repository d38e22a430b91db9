import { createHash } from 'node:crypto';
import { CAUSE_IDS } from '../causes/catalog.js';
import { readRunbook, runbookSections } from '../runbooks/read.js';

/**
 * `GET /` on the admin listener: HAProxy's stats page, but one that explains. Every group and
 * target with its state, reason, since, the cause id with its runbook's "How to confirm", the last
 * probes and the counters, refreshed in place by a small inline script that polls `/status`.
 *
 * No external asset (works offline, nothing to fetch but /status). Everything shown comes from
 * /status and is put in the page with `textContent`, never as markup: reasons carry
 * upstream-controlled text (a status line, a body excerpt). The only markup is this file's. A CSP
 * allows exactly this script and this style (by hash) and fetches to the admin listener itself.
 */

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d1d1f;background:#fafafa}
h1{font-size:1.3rem;margin:0 0 .2rem}h2{font-size:1.1rem;margin:1.6rem 0 .4rem}
.meta{color:#555;margin:0 0 .6rem}.stale{color:#b00020;font-weight:600}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0;font-weight:600}
.state{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-weight:600;color:#fff;background:#777}
.state-healthy{background:#1b7f3b}.state-unhealthy{background:#b00020}.state-ejected{background:#c25e00}
.state-open-circuit{background:#7a3db8}.state-draining{background:#555}
.cause{font-family:ui-monospace,monospace}pre{white-space:pre-wrap;margin:.3rem 0 0;font:12px/1.4 ui-monospace,monospace}
ul{margin:0;padding-left:1.1rem}.pass{color:#1b7f3b}.fail{color:#b00020}.warn{color:#c25e00}.skip{color:#555}
.num{font-variant-numeric:tabular-nums}.address{white-space:nowrap;font-family:ui-monospace,monospace}
td.counters{min-width:12rem}td.probes{min-width:26rem;font-size:12px}td.reason{min-width:16rem}td.since{white-space:nowrap}
`;

/** The page's only script: fetch /status, rebuild the groups with DOM calls, again every 2 s. */
const SCRIPT = `
(() => {
  const confirms = JSON.parse(document.getElementById('runbooks').textContent);
  const STATES = ['healthy', 'unhealthy', 'ejected', 'open-circuit', 'draining'];
  const OUTCOMES = ['pass', 'fail', 'warn', 'skip'];
  const root = document.getElementById('groups');
  const meta = document.getElementById('meta');
  const open = new Set();
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  };
  const ago = (iso) => {
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    return s < 90 ? s + ' s ago' : s < 5400 ? Math.round(s / 60) + ' min ago' : Math.round(s / 3600) + ' h ago';
  };
  const targetRow = (group, t) => {
    const tr = el('tr');
    tr.dataset.address = t.address;
    tr.dataset.state = t.state;
    tr.append(el('td', t.address + (t.backup ? ' (backup)' : ''), 'address'));
    const state = el('td');
    state.append(el('span', t.state, 'state state-' + (STATES.includes(t.state) ? t.state : 'unknown')));
    tr.append(state);
    tr.append(el('td', t.reason || '', 'reason'));
    const since = el('td', t.since ? ago(t.since) : '', 'since');
    if (t.since) since.title = t.since;
    tr.append(since);
    const cause = el('td', undefined, 'cause-cell');
    if (t.cause) {
      const key = group + ' ' + t.address + ' ' + t.cause;
      const d = el('details');
      d.open = open.has(key);
      d.addEventListener('toggle', () => (d.open ? open.add(key) : open.delete(key)));
      d.append(el('summary', t.cause, 'cause'));
      d.append(el('div', 'How to confirm', 'confirm-title'));
      d.append(el('pre', confirms[t.cause] || 'uh explain ' + t.cause, 'confirm'));
      cause.append(d);
    }
    tr.append(cause);
    const statuses = Object.entries(t.statuses || {}).map(([code, n]) => code + ': ' + n).join(', ');
    tr.append(el('td', 'requests ' + t.requests + ' · active ' + t.active + ' · failures ' + t.failures + ' · ejections ' + t.ejections +
      (t.breaker ? ' · breaker ' + t.breaker : '') + (statuses ? ' · ' + statuses : ''), 'num counters'));
    const probes = el('td', undefined, 'probes');
    const ul = el('ul');
    for (const p of (t.lastProbes || []).slice().reverse()) {
      const li = el('li');
      li.append(el('span', p.outcome, OUTCOMES.includes(p.outcome) ? p.outcome : ''), document.createTextNode(' ' + p.probe + ' ' + p.ms + ' ms: ' + (p.message || '')));
      ul.append(li);
    }
    probes.append(ul);
    tr.append(probes);
    return tr;
  };
  const render = (s) => {
    const sections = [];
    for (const g of s.groups) {
      const section = el('section');
      section.dataset.group = g.name;
      section.append(el('h2', g.name));
      section.append(el('p', g.healthy + ' of ' + g.targets.length + ' healthy · balance ' + g.balance + (g.sessions !== undefined ? ' · sessions ' + g.sessions : ''), 'meta'));
      const table = el('table');
      const head = el('tr');
      for (const h of ['target', 'state', 'reason', 'since', 'cause', 'counters', 'last probes']) head.append(el('th', h));
      table.append(head);
      for (const t of g.targets) table.append(targetRow(g.name, t));
      section.append(table);
      sections.push(section);
    }
    root.replaceChildren(...sections);
    meta.textContent = 'up since ' + s.startedAt + ' · ' + s.inFlight + ' in flight · updated ' + new Date().toLocaleTimeString();
    meta.className = 'meta';
  };
  const refresh = async () => {
    try {
      const r = await fetch('/status', { cache: 'no-store' });
      if (!r.ok) throw new Error('HTTP ' + r.status);
      render(await r.json());
    } catch (err) {
      meta.textContent = 'cannot reach /status (' + err.message + '): showing the last answer';
      meta.className = 'meta stale';
    }
  };
  refresh();
  setInterval(refresh, 2000);
})();
`;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The Content-Security-Policy: this script and style only, fetches to the admin listener itself. */
export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "connect-src 'self'",
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** JSON safe inside a <script> element: no `<` (so no `</script>`), no U+2028/2029. */
function jsonInScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Each cause's "How to confirm" section, from the runbooks shipped with uh. */
function confirmSections(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of CAUSE_IDS) {
    const markdown = readRunbook(id);
    const confirm = markdown === undefined ? undefined : runbookSections(markdown).get('How to confirm');
    // Shown as plain text: the Markdown code fences are noise there.
    if (confirm) out[id] = confirm.split('\n').filter((line) => !/^\s*```/.test(line)).join('\n');
  }
  return out;
}

let page: string | undefined;

/** The page (built once: its data comes from /status, its runbook text does not change). */
export function statusPageHtml(): string {
  page ??= `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>uh serve: upstream status</title>
<style>${STYLE}</style>
</head>
<body>
<h1>uh serve: upstream status</h1>
<p id="meta" class="meta">loading /status…</p>
<noscript><p>This page refreshes itself with a small inline script. The same data is at <a href="/status">/status</a> (JSON) and <a href="/metrics">/metrics</a>.</p></noscript>
<main id="groups"></main>
<script type="application/json" id="runbooks">${jsonInScript(confirmSections())}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
  return page;
}
