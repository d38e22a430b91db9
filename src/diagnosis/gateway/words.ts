/**
 * The sentences that put the gateway's words beside uh's: "haproxy runtime: DOWN L4CON Connection
 * refused since 16:46:25 UTC · uh: tcp connect ECONNREFUSED 127.0.0.1:18092 in 0.3 ms", and what
 * differs between the gateway's check and uh's when they disagree.
 */
import type { TargetRun } from '../../probes/run.js';
import type { ProbeResult } from '../../probes/types.js';
import type { HttpFacts } from '../../probes/http.js';
import type { GatewayTargetView, ThroughAnswer } from '../../gateway-view/types.js';
import { sourceLabel } from '../../gateway-view/types.js';

const HEALTH_PROBES = new Set(['http', 'grpc', 'mcp']);

function results(run: TargetRun): ProbeResult[] {
  return [run.dns, ...run.paths.flatMap((p) => p.results)];
}

/** uh's side in one phrase: the failing step, else the health check, else the connect. */
export function uhWords(run: TargetRun | undefined, reason?: string): string {
  if (!run) return `uh: not probed${reason ? ` (${reason})` : ''}`;
  const all = results(run);
  const failing = all.find((r) => r.outcome === 'fail');
  const shown = failing ?? all.find((r) => HEALTH_PROBES.has(r.probe) && r.outcome !== 'skip') ?? all.find((r) => r.probe === 'tcp' && r.outcome !== 'skip');
  if (!shown) return `uh: not probed (${all.find((r) => r.outcome === 'skip')?.message.replace(/^skip: /, '') ?? 'no check ran'})`;
  const ms = /\d ?m?s\b/.test(shown.message) ? '' : ` in ${shown.ms} ms`;
  return `uh: ${shown.probe} ${shown.message}${ms}`;
}

/** "16:46:25 UTC" from an ISO time. */
export function clock(iso: string): string {
  return `${iso.slice(11, 19)} UTC`;
}

/** The gateway's side: `haproxy runtime: DOWN L4CON Connection refused since 16:46:25 UTC`. */
export function gatewayWords(view: GatewayTargetView): string {
  const who = view.name ? ` ${view.group}/${view.name}` : view.group ? ` ${view.group}` : '';
  const events = view.events ? ` (${view.events.count}× from ${clock(view.events.first)} to ${clock(view.events.last)})` : '';
  const since = view.since && !view.events ? ` since ${clock(view.since)}` : '';
  return `${sourceLabel(view.source)}${who}: ${view.detail}${since}${events}`;
}

export function sideBySide(view: GatewayTargetView, run: TargetRun | undefined): string {
  return `${gatewayWords(view)} · ${uhWords(run)}`;
}

function httpFacts(run: TargetRun): HttpFacts | undefined {
  const http = run.paths.flatMap((p) => p.results).find((r) => r.probe === 'http' && r.outcome !== 'skip');
  return http?.facts as HttpFacts | undefined;
}

/**
 * What uh can see that differs between the gateway's check and its own, most likely first. The
 * gateway's failing layer and status narrow it: a 400/421 to a check that passes for uh is the Host
 * header; a 404 the path; a TLS failure the TLS identity; a connect failure the vantage point.
 */
export function differences(view: GatewayTargetView, run: TargetRun): string[] {
  const facts = httpFacts(run);
  const uhSent = facts ? `uh sent ${facts.method ?? 'GET'} ${pathOf(facts.url)} with Host: ${facts.host ?? '?'} and got ${facts.status ?? 'an answer'}` : 'uh\'s check passed';
  const status = view.checkStatus;
  const out: string[] = [];
  if (view.checkLayer === 'http' && (status === 400 || status === 421)) {
    out.push(`Host header: the gateway's check got ${status} (a target rejects a Host it does not serve); ${uhSent} — compare the Host the gateway's check sends (HAProxy \`http-check send hdr Host\`, Envoy health_checks.host)`);
  } else if (view.checkLayer === 'http' && (status === 404 || status === 405)) {
    out.push(`path: the gateway's check got ${status}; ${uhSent} — the gateway checks another path or method`);
  } else if (view.checkLayer === 'http' && (status === 401 || status === 403)) {
    out.push(`credentials or source policy (vantage point): the gateway's check got ${status}; ${uhSent}`);
  } else if (view.checkLayer === 'http') {
    out.push(`request or protocol: the gateway's check failed at HTTP (${view.detail}); ${uhSent} — compare its Host header, path, method and HTTP version`);
  } else if (view.checkLayer === 'tls') {
    out.push(`TLS identity: the gateway's TLS check failed (${view.detail}) where uh's handshake passed — compare SNI, the client certificate and the trust store the gateway uses`);
  } else if (view.checkLayer === 'tcp') {
    out.push(`vantage point: the gateway cannot connect (${view.detail}) where uh connects from here — a firewall or network policy between the gateway's host and the target, or another address`);
  } else {
    out.push(`what differs is not in the gateway's words; ${uhSent}: compare the check's Host header, path, protocol, TLS identity and the vantage point (where the gateway runs)`);
  }
  const configured = normaliseAddress(run.target.address);
  if (view.address !== '' && normaliseAddress(view.address) !== configured && !run.paths.some((p) => p.ip && view.address.includes(p.ip))) {
    out.push(`address: the gateway checks ${view.address}, uh probed ${run.target.address}`);
  }
  return out;
}

function normaliseAddress(address: string): string {
  return address.toLowerCase();
}

function pathOf(url: string | undefined): string {
  if (!url) return '/';
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** `through gateway: GET http://127.0.0.1:8080/users → 503 no healthy upstream (haproxy)`. */
export function throughWords(answer: ThroughAnswer): string {
  const status = answer.status !== undefined ? `${answer.status} ` : '';
  return `through the gateway: GET ${answer.url} → ${status}${answer.answer}${answer.by ? ` (${answer.by})` : ''}`;
}
