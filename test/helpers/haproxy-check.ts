/**
 * The real HAProxy's own check (`haproxy -c -f FILE`), where Debian's haproxy is installed: tests
 * use it to show that the configs they diagnose are ones HAProxy itself accepts (or rejects).
 */
import { spawnSync } from 'node:child_process';

export const hasHaproxy = spawnSync('haproxy', ['-v'], { timeout: 10_000 }).error === undefined;

/** The skip reason, for a test name, when haproxy is not on PATH. */
export const unlessHaproxy = hasHaproxy ? '' : ' (skipped: haproxy not on PATH)';

export interface HaproxyVerdict {
  readonly accepted: boolean;
  /** The ALERT lines (what HAProxy says is wrong). */
  readonly alerts: string;
}

export function haproxyCheck(file: string): HaproxyVerdict {
  const run = spawnSync('haproxy', ['-c', '-f', file], { encoding: 'utf8', timeout: 20_000 });
  const alerts = `${run.stdout}\n${run.stderr}`.split('\n').filter((l) => l.includes('[ALERT]')).join('\n');
  return { accepted: run.status === 0, alerts };
}

/** The `defaults` a minimal haproxy.cfg needs (HAProxy warns without the three timeouts), then a blank line. */
export const HAPROXY_DEFAULTS = `defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s

`;
