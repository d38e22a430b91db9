import { describe, expect, it } from 'vitest';
import { parseHaproxyCsv, splitCsvLine } from '../../src/gateway-view/haproxy-csv.js';
import { parseServersState } from '../../src/gateway-view/haproxy-servers-state.js';
import { readCheckStatus, readServerStatus } from '../../src/gateway-view/haproxy-status.js';

describe('HAProxy status words in uh\'s vocabulary (management guide §9.1)', () => {
  it.each([
    ['UP', 'healthy', []],
    ['DOWN', 'unhealthy', []],
    ['NOLB', 'draining', ['nolb']],
    ['DRAIN', 'draining', ['drain']],
    ['MAINT', 'maint', ['maint']],
    ['MAINT (via be/srv)', 'maint', ['maint', 'via:be/srv']],
    ['MAINT (resolution)', 'maint', ['maint', 'resolution']],
    ['UP 1/3', 'degraded', ['going-down 1/3']],
    ['DOWN 1/2', 'unhealthy', ['going-up 1/2']],
    ['no check', 'healthy', ['no-check']],
    ['DOWN (agent)', 'unhealthy', ['agent']],
    ['SOMETHING NEW', 'unknown', ['SOMETHING NEW']],
  ])('status %s → %s %j', (status, state, flags) => {
    expect(readServerStatus(status)).toEqual({ state, flags });
  });

  it.each([
    ['L4OK', undefined, '', true, undefined],
    ['L4TOUT', undefined, 'Layer4 timeout', false, 'tcp-timeout'],
    ['L4CON', undefined, 'Connection refused', false, 'tcp-refused'],
    ['L4CON', undefined, 'No route to host', false, 'tcp-unreachable'],
    ['SOCKERR', undefined, 'Connection reset by peer', false, 'tcp-reset'],
    ['L6OK', undefined, '', true, undefined],
    ['L6TOUT', undefined, 'Layer6 timeout', false, undefined],
    ['L6RSP', undefined, 'SSL handshake failure (certificate has expired)', false, 'tls-cert-expired'],
    ['L7OK', 200, 'OK', true, undefined],
    ['L7OKC', 404, 'Not Found', true, undefined],
    ['L7TOUT', undefined, 'Layer7 timeout', false, 'health-timeout'],
    ['L7RSP', undefined, 'Layer7 invalid response', false, 'protocol-not-http'],
    ['L7STS', 500, 'Internal Server Error', false, 'health-status-mismatch'],
    ['L7STS', 404, 'Not Found', false, 'health-path-not-found'],
    ['L7STS', 403, 'Forbidden', false, 'health-auth-required'],
    ['L7STS', 429, 'Too Many Requests', false, 'upstream-overloaded'],
    ['PROCERR', undefined, '', false, undefined],
  ] as const)('check_status %s (%s, %s) → passed %s, cause %s', (code, checkCode, words, passed, cause) => {
    const reading = readCheckStatus(code, checkCode, words)!;
    expect(reading.passed).toBe(passed);
    expect(reading.cause).toBe(cause);
  });

  it('INI and UNK are pending; `* ` marks a check under way; an unknown code is kept, not dropped', () => {
    expect(readCheckStatus('INI', undefined, '')).toMatchObject({ pending: true });
    expect(readCheckStatus('UNK', undefined, '')).toMatchObject({ pending: true });
    expect(readCheckStatus('* L4CON', undefined, 'Connection refused')).toMatchObject({ pending: true, cause: 'tcp-refused' });
    expect(readCheckStatus('L9XYZ', undefined, '')).toEqual({ meaning: 'unknown check status L9XYZ' });
    expect(readCheckStatus('', undefined, '')).toBeUndefined();
  });

  it('columns are keyed by the header line; quoted fields keep their commas', () => {
    const csv = parseHaproxyCsv('# pxname,svname,status,check_desc,\nbe,s1,DOWN,"Layer7 wrong status, ""really""",\n')!;
    expect(csv.rows[0]!.get('check_desc')).toBe('Layer7 wrong status, "really"');
    expect(splitCsvLine('a,,b,')).toEqual(['a', '', 'b', '']);
    expect(parseHaproxyCsv('Unknown command\n')).toBeUndefined();
  });

  it('show servers state: the address at any socket level, and why a server is in maintenance', () => {
    const text = [
      '1',
      '# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port',
      '3 be 1 ok 127.0.0.1 2 0 1 1 4 6 3 4 6 0 0 0 - 18091 - 0 0 - - 0',
      '3 be 3 dis 127.0.0.1 0 5 1 1 4 1 0 0 14 0 0 0 - 18091 - 0 0 - - 0',
      '3 be 4 api ::1 0 1 1 1 4 1 0 0 14 0 0 0 - 8080 - 0 0 - - 0',
    ].join('\n');
    const state = parseServersState(text);
    expect(state.get('be/ok')).toEqual({ address: '127.0.0.1:18091', flags: [] });
    expect(state.get('be/dis')).toEqual({ address: '127.0.0.1:18091', flags: ['config-maint'], describe: 'disabled in the config' });
    expect(state.get('be/api')).toEqual({ address: '[::1]:8080', flags: ['forced-maint'], describe: 'maintenance set on the runtime API' });
  });
});
