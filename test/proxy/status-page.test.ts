import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { readRunbook, runbookSections } from '../../src/runbooks/read.js';
import type { Handler } from './helpers.js';
import { client, closedAfterEach, configFromYaml, get, serve, startUpstream, stateReached, targetOf } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.log(`status page browser test skipped: ${CHROMIUM} is absent (.ci/run installs Debian's chromium)`);

/** Markup where the page shows text: a reason (reasons can carry upstream text) and a group name (config text). */
const HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
const GROUP = 'shop <img src=x onerror="window.__pwned=3">';

const healthy: Handler = (req, res, up) => {
  req.resume();
  res.end(`${up.name} ok`);
};
/**
 * Passes its health check until it has failed real traffic, then fails both: passive ejection takes
 * it out, and no passing check brings it back (an active pass un-ejects, as Envoy's
 * `successful_active_health_check_uneject_host`), so it stays ejected while the page is looked at.
 */
let trafficFailed = false;
const failsTraffic: Handler = (req, res) => {
  req.resume();
  if (req.url !== '/health') trafficFailed = true;
  res.writeHead(req.url === '/health' && !trafficFailed ? 200 : 503).end();
};
/** Fails its health check. */
const failsHealth: Handler = (req, res) => {
  req.resume();
  res.writeHead(500).end('no');
};

describe('uh serve: the admin status page, in a real browser', () => {
  const run = closedAfterEach(500);
  let browser: Browser | undefined;
  afterAll(async () => browser?.close());

  it.skipIf(!haveChromium)('shows a healthy, an ejected and an unhealthy target with reasons as text, runbook steps, and refreshes in place', async () => {
    const a = await startUpstream('a', healthy);
    const b = await startUpstream('b', failsTraffic);
    const c = await startUpstream('c', failsHealth);
    run.ups.push(a, b, c);
    ({ proxy: run.proxy } = await serve(configFromYaml(`upstreams:
  '${GROUP}':
    targets:
      - address: ${a.address}
      - address: ${b.address}
      - address: ${c.address}
    health:
      active: {path: /health, interval: 200ms, fall: 1}
      passive: {max_failures: 1, unhealthy_statuses: [503]}
`)));
    const p = run.proxy;
    await stateReached(p, c.address, (s) => s.state === 'unhealthy', () => targetOf(p, c.address).state() === 'unhealthy');
    run.agent = client();
    for (let i = 0; i < 50 && targetOf(p, b.address).state() !== 'ejected'; i++) await get(run.agent, `${p.address.url}/cart`);
    expect(targetOf(p, b.address).state()).toBe('ejected');
    for (let i = 0; i < 3; i++) expect((await get(run.agent, `${p.address.url}/cart`)).text).toBe('a ok');
    // Today's probes keep upstream bytes out of the one-line reasons (they go to evidence), so the
    // markup is put into C's reason through the flag API the checker itself uses.
    const checked = targetOf(p, c.address).flag('failedActive')!;
    targetOf(p, c.address).set('failedActive', { ...checked, reason: `${checked.reason}; upstream said ${HOSTILE}` });

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
    page.on('pageerror', (e) => problems.push(e.message));
    const response = await page.goto(`${p.adminAddress!.url}/`);
    expect(response!.headers()['content-security-policy']).toMatch(/default-src 'none'; script-src 'sha256-/);
    const row = (address: string): string => `tr[data-address="${address}"]`;
    await page.waitForSelector(`${row(c.address)}[data-state="unhealthy"]`);

    expect(await page.textContent(`${row(a.address)} .state`)).toBe('healthy');
    expect(await page.textContent(`${row(b.address)} .state`)).toBe('ejected');
    expect(await page.textContent(`${row(b.address)} .reason`)).toMatch(/^ejected for 30000ms: 1 .*503/);
    expect(await page.textContent(`${row(c.address)} .state`)).toBe('unhealthy');
    // The hostile status line is shown as the text it is, and nothing of it ran.
    expect(await page.textContent(`${row(c.address)} .reason`)).toMatch(/^1 consecutive active checks failed: GET \/health → 500 Internal Server Error in \d+ ms; upstream said /);
    expect(await page.textContent(`${row(c.address)} .reason`)).toContain(HOSTILE);
    expect(await page.textContent('section h2')).toBe(GROUP);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#groups script, #groups img').count()).toBe(0);
    // The cause id with its runbook's "How to confirm".
    expect(await page.textContent(`${row(c.address)} summary.cause`)).toBe('health-status-mismatch');
    await page.click(`${row(c.address)} summary.cause`);
    const confirm = runbookSections(readRunbook('health-status-mismatch')!).get('How to confirm')!;
    const shown = (await page.textContent(`${row(c.address)} pre.confirm`))!.trim();
    expect(shown).toBe(confirm.split('\n').filter((line) => !line.startsWith('```')).join('\n').trim());
    expect(shown).toContain('curl');
    expect(await page.textContent(`${row(c.address)} .probes`)).toContain('fail http');
    expect(await page.textContent(`${row(a.address)} .counters`)).toMatch(/requests [1-9]\d* · active 0 · failures 0/);
    await page.screenshot({ path: process.env.UH_STATUS_SCREENSHOT ?? `${process.env.TMPDIR ?? '/tmp'}/uh-status-page.png`, fullPage: true });

    // Refreshed in place: the page is not reloaded (the marker stays), the row follows the target.
    await page.evaluate(() => void ((globalThis as unknown as { __marker: number }).__marker = 7));
    await a.kill();
    await page.waitForSelector(`${row(a.address)}[data-state="unhealthy"]`, { timeout: 15_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { __marker?: number }).__marker)).toBe(7);
    expect(await page.textContent(`${row(c.address)} pre.confirm`)).toBeTruthy(); // the open runbook stayed open
    expect(problems).toEqual([]);
  }, 60_000);

  it('serves the page with a CSP that names exactly its own script and style, and escapes its embedded data', async () => {
    const a = await startUpstream('a', healthy);
    run.ups.push(a);
    ({ proxy: run.proxy } = await serve(configFromYaml(`upstreams:\n  shop:\n    targets:\n      - address: ${a.address}\n`)));
    run.agent = client();
    const answer = await get(run.agent, `${run.proxy.adminAddress!.url}/`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    const { createHash } = await import('node:crypto');
    const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const script = /<script>([\s\S]*?)<\/script>/.exec(answer.text)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(answer.text)![1]!;
    expect(answer.headers['content-security-policy']).toContain(`script-src ${hash(script)};`);
    expect(answer.headers['content-security-policy']).toContain(`style-src ${hash(style)};`);
    const data = /<script type="application\/json" id="runbooks">([\s\S]*?)<\/script>/.exec(answer.text)![1]!;
    // Nothing to fetch from anywhere (runbook text may mention URLs: it is data, shown as text).
    expect(answer.text.replace(data, '')).not.toMatch(/<(link|img|iframe)\b|src=|https?:\/\//);
    expect(data).not.toContain('<');
    expect(Object.keys(JSON.parse(data) as object).length).toBeGreaterThan(40);
  });
});
