/**
 * The sentences under the table: one per group and one overall, in words an on-call engineer can
 * paste into an incident channel ("no healthy upstream for `users`: 2/2 targets refuse connections").
 */
import type { Diagnosis, Finding, GroupReport, GroupVerdict } from '../diagnosis/types.js';
import type { CauseId } from '../causes/catalog.js';

/** Plain-language reason per cause, for "n/m targets <reason>". */
const PHRASES: Partial<Record<CauseId, string>> = {
  'dns-nxdomain': 'do not resolve (NXDOMAIN)',
  'dns-no-answer': 'resolve to no address',
  'dns-resolver-unreachable': 'cannot be resolved (resolver unreachable)',
  'tcp-refused': 'refuse connections',
  'tcp-timeout': 'time out on connect',
  'tcp-unreachable': 'are unreachable',
  'tcp-reset': 'reset connections',
  'tls-cert-expired': 'serve an expired certificate',
  'tls-cert-not-yet-valid': 'serve a not-yet-valid certificate',
  'tls-hostname-mismatch': 'serve a certificate for another name',
  'tls-untrusted': 'serve an untrusted certificate',
  'tls-chain-incomplete': 'serve an incomplete chain',
  'tls-to-plaintext': 'speak plain text to TLS',
  'plaintext-to-tls': 'expect TLS',
  'health-path-not-found': 'answer 404 on the health path',
  'health-auth-required': 'require credentials on the health path',
  'health-status-mismatch': 'fail their health check',
  'health-body-mismatch': 'answer an unexpected health body',
  'health-timeout': 'accept but never answer',
  'upstream-overloaded': 'are overloaded',
  'upstream-flapping': 'flap between pass and fail',
  'protocol-not-http': 'do not speak HTTP',
  'protocol-h2-unsupported': 'speak only HTTP/1.1 while the gateway speaks h2',
  'protocol-http1-to-h2-only': 'speak only h2 while the gateway speaks HTTP/1.1',
  'protocol-grpc-not-serving': 'report gRPC NOT_SERVING',
  'protocol-mcp-version-mismatch': 'reject the MCP protocol version',
  'protocol-mcp-handshake-failed': 'fail the MCP handshake',
  'gateway-no-endpoints': 'none: the running gateway holds no member',
  'gateway-view-disagrees': 'are marked down by the gateway while uh\'s check passes',
  'gateway-outlier-ejected': 'are ejected by the gateway while their checks pass',
  'gateway-target-draining': 'are draining or in maintenance at the gateway',
  'gateway-hop-failure': 'pass, but requests through the gateway fail',
};

/**
 * The line for an empty findings list, saying what was actually checked: `uh lint` and
 * `--offline` ran the config rules only, and a run where every check was skipped probed nothing.
 */
export function noFindingsLine(diagnosis: Diagnosis): string {
  if (diagnosis.offline) return 'No findings from the config rules (offline: no target was probed; `uh diagnose` probes them).';
  const probed = diagnosis.groups.some((g) => g.targets.some((t) => t.checks.some((c) => c.outcome !== 'skip')));
  if (!probed) return 'No findings from the config rules; no target could be probed (see the skipped checks).';
  return 'No findings: every probed target passed and the config has no known risk.';
}

export interface VerdictLine {
  readonly verdict: GroupVerdict;
  readonly text: string;
}

/** At least this many groups saying the same thing share one line (`uh lint` on 3,000 upstream blocks). */
export const FOLD_LINES_AT = 10;
/** Groups named in a shared line before "+N more". */
const GROUPS_NAMED = 3;

/** One line per group (groups that say the same thing share one), then the overall verdict. */
export function verdictLines(diagnosis: Diagnosis): VerdictLine[] {
  const lines = groupLines(diagnosis);
  const unhealthy = diagnosis.groups.filter((g) => g.verdict === 'no-healthy-upstream').length;
  const degraded = diagnosis.groups.filter((g) => g.verdict === 'degraded').length;
  if (diagnosis.offline) {
    // Nothing was probed: only what the file itself guarantees (all members down, an undefined route) is a verdict.
    const known = unhealthy > 0 ? `, ${unhealthy} with no healthy upstream by configuration` : '';
    lines.push({ verdict: unhealthy > 0 ? 'no-healthy-upstream' : 'unknown', text: `overall: static checks only (offline) — ${diagnosis.groups.length} group(s)${known}, ${diagnosis.findings.length} finding(s)` });
    return lines;
  }
  lines.push({
    verdict: diagnosis.verdict,
    text: `overall: ${diagnosis.verdict} — ${diagnosis.groups.length} group(s), ${unhealthy} with no healthy upstream, ${degraded} degraded`,
  });
  if (diagnosis.deadlineHit) {
    const seconds = diagnosis.deadlineHit.deadlineMs / 1000;
    lines.push({ verdict: 'unknown', text: `the run's deadline (${seconds} s) cut probes short: checks marked skip did not finish (raise --deadline)` });
  }
  return lines;
}

function groupLines(diagnosis: Diagnosis): VerdictLine[] {
  const byGroup = new Map<string, Finding[]>();
  for (const f of diagnosis.findings) {
    if (f.ignored) continue;
    const mine = byGroup.get(f.group);
    if (mine) mine.push(f);
    else byGroup.set(f.group, [f]);
  }
  const said = diagnosis.groups.map((g) => ({ group: g, reason: groupReason(g, byGroup.get(g.name) ?? [], diagnosis.offline) }));
  const alike = new Map<string, string[]>();
  for (const { group, reason } of said) {
    const key = `${group.verdict}\n${reason}`;
    const names = alike.get(key);
    if (names) names.push(group.name);
    else alike.set(key, [group.name]);
  }
  const out: VerdictLine[] = [];
  const shared = new Set<string>();
  for (const { group, reason } of said) {
    const key = `${group.verdict}\n${reason}`;
    const names = alike.get(key)!;
    if (names.length < FOLD_LINES_AT) {
      out.push({ verdict: group.verdict, text: sentence(group.verdict, `\`${group.name}\``, false, reason) });
    } else if (!shared.has(key)) {
      shared.add(key);
      const more = names.length - GROUPS_NAMED;
      const who = `${names.length.toLocaleString('en-US')} groups (${names.slice(0, GROUPS_NAMED).map((n) => `\`${n}\``).join(', ')}, +${more.toLocaleString('en-US')} more)`;
      out.push({ verdict: group.verdict, text: sentence(group.verdict, who, true, reason) });
    }
  }
  return out;
}

function sentence(verdict: GroupVerdict, who: string, plural: boolean, reason: string): string {
  const is = plural ? 'are' : 'is';
  switch (verdict) {
    case 'no-healthy-upstream':
      return `no healthy upstream for ${who}: ${reason}`;
    case 'degraded':
      return `${who} ${is} degraded: ${reason}`;
    case 'healthy':
      return `${who} ${is} healthy: ${reason}`;
    case 'unknown':
      return `${who}: unknown — ${reason}`;
  }
}

/** What follows the group's name in its line; `mine` are the group's findings not ignored. */
function groupReason(group: GroupReport, mine: readonly Finding[], offline: boolean): string {
  const total = group.targets.length;
  switch (group.verdict) {
    case 'no-healthy-upstream':
    case 'degraded':
      return reasons(mine, group);
    case 'healthy': {
      const warnings = [...new Set(mine.filter((f) => f.layer !== 'config').map((f) => f.cause))];
      return `${total}/${total} target(s) pass${warnings.length > 0 ? ` (warning: ${warnings.join(', ')})` : ''}`;
    }
    case 'unknown':
      return offline ? 'not probed (offline)' : 'no target could be probed';
  }
}

/** "1/2 target(s) refuse connections, 1/2 accept but never answer": the root cause per failing target. */
function reasons(findings: readonly Finding[], group: GroupReport): string {
  const total = group.targets.length;
  const config = findings.find((f) => f.layer === 'config' && f.severity === 'critical');
  if (config) return `${config.cause} (${formatLine(config)})`;
  const roots = findings.filter((f) => f.layer !== 'config' && f.severity === 'critical');
  if (roots.length === 0) {
    const failing = group.targets.filter((t) => t.checks.some((c) => c.outcome === 'fail')).length;
    return `${failing}/${total} target(s) fail`;
  }
  // A group-wide finding (no target named, e.g. the gateway holds no member) speaks for the group.
  return roots.map((f) => (f.targets.length === 0 && PHRASES[f.cause] ? PHRASES[f.cause]! : `${f.targets.length}/${total} target(s) ${PHRASES[f.cause] ?? `show ${f.cause}`}`)).join(', ');
}

function formatLine(f: Finding): string {
  return f.loc ? `${f.loc.file}:${f.loc.line}` : 'see findings';
}
