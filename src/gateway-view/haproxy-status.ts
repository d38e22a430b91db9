/**
 * HAProxy's words, in uh's vocabulary: the `status` column (UP, DOWN, NOLB, DRAIN, MAINT, MAINT (via
 * px/srv), MAINT (resolution), UP 1/3, DOWN 1/2, no check…) and the `check_status` code with its
 * `check_code` / `last_chk` (L4CON "Connection refused", L7STS 404…), mapped onto the layered cause
 * ids. Meanings follow HAProxy's management guide (section 9.1, "show stat" fields 18, 37, 38).
 */
import type { CauseId } from '../causes/catalog.js';
import type { GatewayCheckLayer, GatewayTargetState } from './types.js';

export interface StatusReading {
  readonly state: GatewayTargetState;
  readonly flags: readonly string[];
}

/** The `status` column of a server row. */
export function readServerStatus(status: string): StatusReading {
  const text = status.trim();
  const transition = /^(UP|DOWN) (\d+)\/(\d+)$/.exec(text);
  if (transition) {
    // "UP 1/3": up, but failing checks (1 of the 3 that take it down). "DOWN 1/2": down, recovering.
    return transition[1] === 'UP'
      ? { state: 'degraded', flags: [`going-down ${transition[2]}/${transition[3]}`] }
      : { state: 'unhealthy', flags: [`going-up ${transition[2]}/${transition[3]}`] };
  }
  const maint = /^MAINT(?: ?\((.+)\))?$/.exec(text);
  if (maint) {
    const why = maint[1];
    if (why === undefined) return { state: 'maint', flags: ['maint'] };
    if (why === 'resolution') return { state: 'maint', flags: ['maint', 'resolution'] };
    return { state: 'maint', flags: ['maint', why.replace(/^via /, 'via:')] };
  }
  const agent = / \(agent\)$/.test(text) ? ['agent'] : [];
  const word = text.replace(/ \(agent\)$/, '');
  switch (word) {
    case 'UP':
      return { state: 'healthy', flags: agent };
    case 'DOWN':
      return { state: 'unhealthy', flags: agent };
    case 'NOLB':
      return { state: 'draining', flags: ['nolb', ...agent] };
    case 'DRAIN':
      return { state: 'draining', flags: ['drain', ...agent] };
    case 'no check':
      // HAProxy sends traffic to a server it does not check: healthy in its view, unverified.
      return { state: 'healthy', flags: ['no-check'] };
    default:
      return { state: 'unknown', flags: [word] };
  }
}

export interface CheckReading {
  /** True when the check passed (L4OK, L6OK, L7OK, L7OKC, PROCOK). */
  readonly passed?: boolean;
  readonly meaning: string;
  readonly layer?: GatewayCheckLayer;
  readonly cause?: CauseId;
  /** The check has not concluded yet (INI, or `* ` in front: under way). */
  readonly pending?: boolean;
}

const CHECK_STATUS: Readonly<Record<string, CheckReading>> = {
  UNK: { meaning: 'unknown', pending: true },
  INI: { meaning: 'initializing', pending: true },
  SOCKERR: { passed: false, meaning: 'socket error', layer: 'tcp' },
  L4OK: { passed: true, meaning: 'check passed on layer 4, no upper layers testing enabled', layer: 'tcp' },
  L4TOUT: { passed: false, meaning: 'layer 1-4 timeout', layer: 'tcp', cause: 'tcp-timeout' },
  L4CON: { passed: false, meaning: 'layer 1-4 connection problem', layer: 'tcp' },
  L6OK: { passed: true, meaning: 'check passed on layer 6', layer: 'tls' },
  L6TOUT: { passed: false, meaning: 'layer 6 (SSL) timeout', layer: 'tls' },
  L6RSP: { passed: false, meaning: 'layer 6 invalid response - protocol error', layer: 'tls' },
  L7OK: { passed: true, meaning: 'check passed on layer 7', layer: 'http' },
  L7OKC: { passed: true, meaning: 'check conditionally passed on layer 7 (e.g. 404 with disable-on-404)', layer: 'http' },
  L7TOUT: { passed: false, meaning: 'layer 7 (HTTP/SMTP) timeout', layer: 'http', cause: 'health-timeout' },
  L7RSP: { passed: false, meaning: 'layer 7 invalid response - protocol error', layer: 'http', cause: 'protocol-not-http' },
  L7STS: { passed: false, meaning: 'layer 7 response error, for example HTTP 5xx', layer: 'http', cause: 'health-status-mismatch' },
  PROCERR: { passed: false, meaning: 'external check process error' },
  PROCTOUT: { passed: false, meaning: 'external check process timeout' },
  PROCOK: { passed: true, meaning: 'external check process passed' },
};

/** `check_status` (optionally `* ` for a check under way) with `check_code` and the check's words (`last_chk`). */
export function readCheckStatus(checkStatus: string, checkCode: number | undefined, words: string): CheckReading | undefined {
  const underWay = checkStatus.startsWith('* ');
  const code = checkStatus.replace(/^\* /, '').trim();
  if (code === '') return undefined;
  const known = CHECK_STATUS[code];
  if (!known) return { meaning: `unknown check status ${code}` };
  const cause = refine(code, known.cause, checkCode, words);
  return { ...known, ...(cause ? { cause } : {}), ...(underWay ? { pending: true } : {}) };
}

/** The code alone is not always enough: L4CON says "Connection refused" or "No route to host"; L7STS has its HTTP status. */
function refine(code: string, base: CauseId | undefined, checkCode: number | undefined, words: string): CauseId | undefined {
  if (code === 'L4CON' || code === 'SOCKERR') {
    if (/refused/i.test(words)) return 'tcp-refused';
    if (/unreachable|no route/i.test(words)) return 'tcp-unreachable';
    if (/reset/i.test(words)) return 'tcp-reset';
    if (/timed? ?out/i.test(words)) return 'tcp-timeout';
    return undefined;
  }
  if (code === 'L6RSP' || code === 'L6TOUT') {
    if (/expired/i.test(words)) return 'tls-cert-expired';
    if (/not yet valid/i.test(words)) return 'tls-cert-not-yet-valid';
    if (/hostname|name mismatch/i.test(words)) return 'tls-hostname-mismatch';
    if (/self.signed|unable to get local issuer|unknown ca/i.test(words)) return 'tls-untrusted';
    if (/wrong version number|record layer|http request/i.test(words)) return 'tls-to-plaintext';
    return undefined;
  }
  if (code === 'L7STS' && checkCode !== undefined) {
    if (checkCode === 404 || checkCode === 405) return 'health-path-not-found';
    if (checkCode === 401 || checkCode === 403) return 'health-auth-required';
    if (checkCode === 429) return 'upstream-overloaded';
  }
  return base;
}
